// The click-through player: one step at a time, its screen fitted to the viewport, the hotspot
// on the element acted on and the caption in a callout beside it that never covers it.
(() => {
  const W = 1280, H = 720; // the screens' CSS pixels: the hotspots' data-box is in these
  const M = 8, GAP = 12; // callout margin inside the stage, and its distance to the hotspot
  const steps = Array.from(document.querySelectorAll(".step"));
  const total = steps.length;
  const progress = document.getElementById("progress");
  const live = document.getElementById("live");
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  const sound = document.getElementById("sound");
  const finishButton = document.getElementById("finish");
  let current = 0;
  const lms = window.tutorialLms || { started() {}, reached() {}, finish() {} };

  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  const overlaps = (a, b) =>
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  // Where the canvas goes: centred when it fits the stage, else centred on the box, clamped.
  const offset = (s, box, sw, sh) => {
    const ox = W * s <= sw ? (sw - W * s) / 2 : clamp(sw / 2 - (box.x + box.w / 2) * s, sw - W * s, 0);
    const oy = H * s <= sh ? (sh - H * s) / 2 : clamp(sh / 2 - (box.y + box.h / 2) * s, sh - H * s, 0);
    return [ox, oy];
  };

  const layout = (step) => {
    const stage = step.querySelector(".stage");
    const canvas = step.querySelector(".canvas");
    const callout = step.querySelector(".callout");
    const hot = step.querySelector(".hotspot");
    const sw = stage.clientWidth, sh = stage.clientHeight;
    const fit = Math.min(sw / W, sh / H);
    callout.style.maxWidth = Math.min(400, sw - 2 * M) + "px";
    callout.style.left = "0px"; callout.style.top = "0px"; callout.style.bottom = "auto";
    const cw = callout.offsetWidth, ch = callout.offsetHeight;
    const put = (s, ox, oy, cx, cy) => {
      canvas.style.width = W * s + "px";
      canvas.style.height = H * s + "px";
      canvas.style.transform = `translate(${ox}px, ${oy}px)`;
      callout.style.left = cx + "px";
      callout.style.top = cy + "px";
      step.dataset.scale = String(s);
    };
    if (!hot) { // nothing to act on: the whole screen, the caption at its foot
      const [ox, oy] = offset(fit, { x: 0, y: 0, w: W, h: H }, sw, sh);
      put(fit, ox, oy, (sw - cw) / 2, sh - ch - M);
      return;
    }
    const [bx, by, bw, bh] = hot.dataset.box.split(",").map(Number);
    const box = { x: bx, y: by, w: bw, h: bh };
    // A narrow stage (a phone) shows the screen near its real size around the hotspot.
    let s = fit < 0.6 ? Math.min(1, Math.max(fit, sw / 480)) : fit;
    s = Math.max(fit, Math.min(s, (sw - 2 * M) / box.w, (sh - 2 * M) / box.h));
    let [ox, oy] = offset(s, box, sw, sh);
    const r = { x: ox + box.x * s, y: oy + box.y * s, w: box.w * s, h: box.h * s };
    const beside = [
      { x: r.x + r.w / 2 - cw / 2, y: r.y + r.h + GAP }, // below
      { x: r.x + r.w / 2 - cw / 2, y: r.y - GAP - ch }, // above
      { x: r.x + r.w + GAP, y: r.y + r.h / 2 - ch / 2 }, // right
      { x: r.x - GAP - cw, y: r.y + r.h / 2 - ch / 2 }, // left
    ].map((c) => ({ x: clamp(c.x, M, sw - cw - M), y: clamp(c.y, M, sh - ch - M), w: cw, h: ch }));
    const inside = r.x >= 0 && r.y >= 0 && r.x + r.w <= sw && r.y + r.h <= sh;
    const spot = beside.find((c) => inside && !overlaps(c, r) && c.y + ch <= sh - M + 0.5);
    if (spot) { put(s, ox, oy, spot.x, spot.y); return; }
    // No room beside it: the callout at the stage's foot, the screen panned into what is left.
    const areaH = sh - ch - 2 * M - GAP;
    s = Math.min(s, (areaH - 2 * M) / box.h, (sw - 2 * M) / box.w);
    [ox] = offset(s, box, sw, areaH);
    oy = H * s <= areaH ? (areaH - H * s) / 2 : areaH / 2 - (box.y + box.h / 2) * s;
    put(s, ox, oy, (sw - cw) / 2, sh - ch - M);
  };

  const show = (index, focus) => {
    current = Math.max(0, Math.min(total - 1, index));
    steps.forEach((step, i) => {
      step.hidden = i !== current;
      const audio = step.querySelector("audio");
      if (audio && i !== current) { audio.pause(); audio.currentTime = 0; }
    });
    const step = steps[current];
    layout(step);
    const label = "Étape " + (current + 1) + " sur " + total;
    progress.textContent = label;
    live.textContent = label + ". " + step.querySelector(".sentence").textContent;
    prev.disabled = current === 0;
    next.disabled = current === total - 1;
    if (finishButton) finishButton.hidden = current !== total - 1;
    if (sound.getAttribute("aria-pressed") === "true") {
      const audio = step.querySelector("audio");
      if (audio) audio.play().catch(() => {});
    }
    if (focus) {
      // The stage clips the screen: focusing must not scroll it (or the page).
      const target = step.querySelector(".hotspot") || (next.disabled ? prev : next);
      target.focus({ preventScroll: true });
    }
    const hash = "#" + step.dataset.anchor;
    if (location.hash !== hash) history.replaceState(null, "", hash);
    lms.reached(current + 1, total);
  };
  const forward = () => { if (current < total - 1) show(current + 1, true); };
  const back = () => { if (current > 0) show(current - 1, true); };
  prev.addEventListener("click", back);
  next.addEventListener("click", forward);
  steps.forEach((step) => {
    const hot = step.querySelector(".hotspot");
    if (hot) hot.addEventListener("click", forward);
  });
  sound.addEventListener("click", () => {
    const on = sound.getAttribute("aria-pressed") !== "true";
    sound.setAttribute("aria-pressed", String(on));
    sound.textContent = on ? "Couper le son" : "Activer le son";
    const audio = steps[current].querySelector("audio");
    if (audio) { if (on) audio.play().catch(() => {}); else audio.pause(); }
  });
  if (finishButton) finishButton.addEventListener("click", () => {
    lms.finish();
    finishButton.disabled = true;
    live.textContent = "Tutoriel terminé. Vous pouvez fermer cette fenêtre.";
  });
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const inside = (selector) => event.target.closest && event.target.closest(selector);
    // Arrows everywhere but in media players; Enter keeps its own meaning on other buttons.
    if (inside("audio, video, input")) return;
    if (event.key === "ArrowRight") { event.preventDefault(); forward(); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); back(); }
    else if (event.key === "Enter" && !inside("button, a")) {
      event.preventDefault(); forward();
    }
  });
  window.addEventListener("resize", () => layout(steps[current]));
  // Fonts arriving change the callout's height: place it again once they are in.
  if (document.fonts) document.fonts.ready.then(() => layout(steps[current]));
  const start = steps.findIndex((s) => "#" + s.dataset.anchor === location.hash);
  lms.started();
  show(start < 0 ? 0 : start, false);
})();
