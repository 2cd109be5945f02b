// Step 2's rules, run in the browser so that a refusal needs no round trip.
// The server (rules.py) checks the same again; the messages come from it through /api/etat.
"use strict";

const Regles = (() => {
  const MONTHS = (m, lax) => (m >= 1 && m <= 12) || (m >= 20 && m <= (lax ? 49 : 42)) || (m >= 50 && m <= 99);
  const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
  const squeeze = (v) => v.replace(/[\s.]/g, "").toUpperCase();

  function nirError(raw, M, corsica, lax) {
    const n = squeeze(raw);
    if (!n) return M.NIR_EMPTY;
    if (!/^[0-9]{5}([0-9]{2}|2A|2B)[0-9]{6}$/.test(n)) return M.NIR_SHAPE;
    if (!corsica && /^.{5}2[AB]/.test(n)) return M.NIR_SHAPE;
    if (!"123478".includes(n[0])) return M.NIR_SEX;
    if (!MONTHS(Number(n.slice(3, 5)), lax)) return M.NIR_MONTH;
    if (n.slice(5, 7) === "00") return M.NIR_DEPARTMENT;
    return null;
  }

  function expectedKey(raw) {
    const digits = squeeze(raw).replace("2A", "19").replace("2B", "18");
    return 97 - (Number(digits) % 97);
  }

  function keyError(nir, raw, M, check) {
    const k = squeeze(raw);
    if (!k) return M.KEY_EMPTY;
    if (!/^[0-9]{2}$/.test(k)) return M.KEY_SHAPE;
    if (check && Number(k) !== expectedKey(nir)) return M.KEY_WRONG;
    return null;
  }

  function age(raw, today, unknownMonth) {
    const n = squeeze(raw);
    const code = Number(n.slice(3, 5));
    const month = code >= 1 && code <= 12 ? code : unknownMonth;
    let year = 2000 + Number(n.slice(1, 3));
    const ty = today.getFullYear();
    const tm = today.getMonth() + 1;
    if (year > ty || (year === ty && month > tm)) year -= 100;
    return ty - year - (tm < month ? 1 : 0);
  }

  function phoneError(raw, prefixes, message) {
    let d = raw.replace(/[\s.]/g, "");
    if (!d) return null;
    if (d.startsWith("+33")) d = "0" + d.slice(3);
    return /^0[0-9]{9}$/.test(d) && prefixes.includes(d.slice(0, 2)) ? null : message;
  }

  // Every error of step 2 but the captcha's (which only the server can judge).
  function identity(v, M, has) {
    const e = {};
    const nir = nirError(v.nir, M, !has("corsica-refused"), has("month-43-49-accepted"));
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
    const mail = v.courriel.trim();
    if (!mail) e.courriel = M.EMAIL_EMPTY;
    else if (mail.length > 254 || !EMAIL.test(mail)) e.courriel = M.EMAIL_BAD;
    const fold = (s) => (has("email-confirmation-case-only") ? s.toLowerCase() : s);
    if (!has("email-mismatch-accepted") && fold(v.courriel2.trim()) !== fold(mail)) e.courriel2 = M.EMAIL_DIFFERENT;
    if (!v.captcha.trim()) e.captcha = M.CAPTCHA_EMPTY;
    if (!e.nir && !e.cle) {
      const years = age(v.nir, new Date(), has("unknown-month-december") ? 12 : 1);
      const youngOk = has("age-14-accepted") || has("age-note-only");
      if (years < 15 && !youngOk) e.nir = M.AGE_TOO_YOUNG;
      else if (years === 15 && !v.apprenti && !has("age-15-no-declaration")) {
        e.apprenti = v.apprentiDemande ? M.AGE_NOT_DECLARED : M.AGE_DECLARE;
      }
    }
    return e;
  }

  function passwordOk(p, upper, digits) {
    const letters = [...p].filter((c) => c.toLowerCase() !== c.toUpperCase());
    const lower = letters.some((c) => c === c.toLowerCase());
    const up = letters.some((c) => c === c.toUpperCase());
    const count = [...p].filter((c) => /[0-9]/.test(c)).length;
    return letters.length >= 5 && lower && (up || !upper) && count >= digits;
  }

  // The word of the strength meter, and its value from 1 to 3.
  function strength(p) {
    if (!passwordOk(p, true, 3)) return ["Faible", 1];
    return p.length >= 12 ? ["Fort", 3] : ["Moyen", 2];
  }

  return { identity, passwordOk, strength, squeeze };
})();
