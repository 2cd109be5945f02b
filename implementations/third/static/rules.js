// The rules the page checks before sending anything, with the server's own messages (rules.py
// holds the same rules again: the server is the authority).

const MONTHS = (m, lax) => (m >= 1 && m <= 12) || (m >= 20 && m <= (lax ? 49 : 42)) || (m >= 50 && m <= 99);
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
export const compact = (v) => v.replace(/[\s.]/g, "").toUpperCase();

function nirError(raw, M, lax) {
  const n = compact(raw);
  if (!n) return M.NIR_EMPTY;
  if (!/^[0-9]{5}([0-9]{2}|2A|2B)[0-9]{6}$/.test(n)) return M.NIR_SHAPE;
  if (!"123478".includes(n[0])) return M.NIR_SEX;
  if (!MONTHS(Number(n.slice(3, 5)), lax)) return M.NIR_MONTH;
  if (n.slice(5, 7) === "00") return M.NIR_DEPARTMENT;
  return null;
}

function keyError(nir, raw, M, check) {
  const k = compact(raw);
  if (!k) return M.KEY_EMPTY;
  if (!/^[0-9]{2}$/.test(k)) return M.KEY_SHAPE;
  const digits = compact(nir).replace("2A", "19").replace("2B", "18");
  const expected = 97 - Number(BigInt(digits) % 97n);
  return check && Number(k) !== expected ? M.KEY_WRONG : null;
}

// ELIG-04: born on the 1st of the month (January when unknown), the latest possible century.
export function age(nir, today) {
  const n = compact(nir);
  const code = Number(n.slice(3, 5));
  const month = code >= 1 && code <= 12 ? code : 1;
  const [ty, tm] = [today.getFullYear(), today.getMonth() + 1];
  let year = 2000 + Number(n.slice(1, 3));
  if (year > ty || (year === ty && month > tm)) year -= 100;
  return ty - year - (tm < month ? 1 : 0);
}

function phoneError(raw, prefixes, message) {
  let d = raw.replace(/[\s.]/g, "");
  if (d.startsWith("+33")) d = "0" + d.slice(3);
  if (!d) return null;
  return /^0[0-9]{9}$/.test(d) && prefixes.includes(d.slice(0, 2)) ? null : message;
}

// Every error of step 2 the page can judge (the captcha's answer only the server knows).
export function identityErrors(v, M, has) {
  const e = {};
  const nir = nirError(v.nir, M, has("month-43-49-accepted"));
  const key = nir ? null : keyError(v.nir, v.cle, M, !has("nir-key-unchecked"));
  if (nir) e.nir = nir;
  else if (key) e.cle = key;
  if (v.prenom.length > 100) e.prenom = M.FIRST_NAME_LONG;
  const nom = v.nom.trim();
  if (!nom && !has("birth-name-optional")) e.nom = M.NAME_EMPTY;
  else if (nom.length > 100) e.nom = M.NAME_LONG;
  if (!has("phone-unchecked")) {
    const fixe = phoneError(v.fixe, ["01", "02", "03", "04", "05", "09"], M.LANDLINE_BAD);
    const portable = phoneError(v.portable, has("mobile-08-accepted") ? ["06", "07", "08"] : ["06", "07"], M.MOBILE_BAD);
    if (fixe) e.fixe = fixe;
    if (portable) e.portable = portable;
  }
  const courriel = v.courriel.trim();
  if (!courriel) e.courriel = M.EMAIL_EMPTY;
  else if (courriel.length > 254 || !EMAIL.test(courriel)) e.courriel = M.EMAIL_BAD;
  const fold = (s) => (has("email-confirmation-case-only") ? s.toLowerCase() : s);
  if (fold(v.confirmation.trim()) !== fold(courriel) && !has("email-mismatch-accepted")) e.confirmation = M.EMAIL_DIFFERENT;
  if (!v.captcha.trim()) e.captcha = M.CAPTCHA_EMPTY;
  return e;
}

export function passwordOk(p, digits = 3) {
  const letters = [...p].filter((c) => c.toLowerCase() !== c.toUpperCase());
  const both = letters.some((c) => c === c.toLowerCase()) && letters.some((c) => c === c.toUpperCase());
  return letters.length >= 5 && both && [...p].filter((c) => /[0-9]/.test(c)).length >= digits;
}

export function strength(p) {
  if (!passwordOk(p)) return "Faible";
  return p.length >= 12 ? "Fort" : "Moyen";
}
