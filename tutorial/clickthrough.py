"""Write tutorial.html: an interactive click-through of the steps, like Arcade or Supademo.

One still per step with a pulsing hotspot on the element the sentence is about. The hotspot,
Enter or → advances, ← goes back; the sentence is shown, and spoken when the learner turns the
sound on; "Étape 7 sur 22" says where one is. Everything is in the page (no fetch), so it opens
from file://. With `scorm=True` the same page reports to a SCORM 1.2 LMS (tutorial/scorm.py).
"""

from __future__ import annotations

from html import escape

from tutorial.render import GuideStep

WIDTH, HEIGHT = 1280, 720
HOT_PAD = 8  # CSS pixels of the screen around the element, inside the hotspot

CSS = """
*, *::before, *::after { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1b1b2f;
       background: #f4f6fa; }
header, main { max-width: 1320px; margin: 0 auto; padding: 0 1.5rem; }
h1 { font-size: 1.5rem; margin: 1rem 0 .5rem; }
.bar { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; margin: .5rem 0; }
.bar .progress { font-weight: bold; margin: 0 auto 0 0; font-size: 1.1rem; }
button { font: inherit; padding: .45rem .9rem; border-radius: 4px; border: 2px solid #003882;
         background: #fff; color: #003882; cursor: pointer; }
button[aria-pressed="true"] { background: #003882; color: #fff; }
button:disabled { border-color: #767676; color: #595959; cursor: default; }
button:focus-visible, .hotspot:focus-visible { outline: 3px solid #ff8c00; outline-offset: 2px; }
.steps { list-style: none; margin: 0; padding: 0; }
figure { margin: 0; }
.frame { position: relative; border: 1px solid #ccd; background: #fff; line-height: 0; }
.frame img { width: 100%; height: auto; display: block; }
.hotspot { position: absolute; padding: 0; border: 3px solid #c8006a; border-radius: 8px;
           background: rgba(200, 0, 106, .08); min-width: 24px; min-height: 24px; }
.hotspot::after { content: ""; position: absolute; inset: -3px; border-radius: 10px;
                  border: 3px solid #c8006a; animation: pulse 1.6s ease-out infinite; }
@keyframes pulse { from { transform: scale(1); opacity: .9; } to { transform: scale(1.25);
                   opacity: 0; } }
@media (prefers-reduced-motion: reduce) { .hotspot::after { animation: none; } }
figcaption { line-height: 1.45; font-size: 1.2rem; margin: .8rem 0 1.2rem; }
.chapter { display: inline-block; font-size: .9rem; background: #003882; color: #fff;
           padding: .1rem .5rem; border-radius: 3px; margin-right: .5rem; }
.hint { color: #4a4f5c; font-size: .95rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
           white-space: nowrap; }
video { width: 100%; margin-bottom: 2rem; }
"""

SCRIPT = """
(() => {
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
  const show = (index, focus) => {
    current = Math.max(0, Math.min(total - 1, index));
    steps.forEach((step, i) => {
      step.hidden = i !== current;
      const audio = step.querySelector("audio");
      if (audio && i !== current) { audio.pause(); audio.currentTime = 0; }
    });
    const step = steps[current];
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
    if (focus) step.querySelector(".hotspot").focus();
    if (location.hash !== "#" + step.id) history.replaceState(null, "", "#" + step.id);
    lms.reached(current + 1, total);
  };
  const forward = () => { if (current < total - 1) show(current + 1, true); };
  const back = () => { if (current > 0) show(current - 1, true); };
  prev.addEventListener("click", back);
  next.addEventListener("click", forward);
  steps.forEach((step) => step.querySelector(".hotspot").addEventListener("click", forward));
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
  const start = steps.findIndex((s) => "#" + s.id === location.hash);
  lms.started();
  show(start < 0 ? 0 : start, false);
})();
"""

# SCORM 1.2 run-time: find the LMS's API in the parent frames (or the opener), as ADL describes.
SCORM_SCRIPT = """
(() => {
  const find = (win) => {
    for (let n = 0; win && n < 12; n++) {
      try { if (win.API) return win.API; } catch (e) { return null; }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  };
  const api = find(window) || (window.opener ? find(window.opener) : null);
  let finished = false, completed = false;
  window.tutorialLms = {
    started() {
      if (!api) return;
      api.LMSInitialize("");
      const status = api.LMSGetValue("cmi.core.lesson_status");
      if (!status || status === "not attempted") {
        api.LMSSetValue("cmi.core.lesson_status", "incomplete");
      }
    },
    reached(number, total) {
      if (!api || finished) return;
      api.LMSSetValue("cmi.core.lesson_location", String(number));
      if (number === total && !completed) {
        completed = true;
        api.LMSSetValue("cmi.core.lesson_status", "completed");
      }
      api.LMSCommit("");
    },
    finish() {
      if (!api || finished) return;
      finished = true;
      api.LMSFinish("");
    },
  };
  window.addEventListener("pagehide", () => window.tutorialLms.finish());
})();
"""


def _hotspot(step: GuideStep, *, total: int) -> str:
    if step.point:
        p = step.point
        x, y = p["x"] - HOT_PAD, p["y"] - HOT_PAD
        w, h = p["width"] + 2 * HOT_PAD, p["height"] + 2 * HOT_PAD
    else:  # a sentence about the whole screen: a small hotspot in its middle
        w, h = 64, 64
        x, y = (WIDTH - w) / 2, (HEIGHT - h) / 2
    x, y = max(x, 0), max(y, 0)
    w, h = min(w, WIDTH - x), min(h, HEIGHT - y)
    style = (
        f"left:{100 * x / WIDTH:.3f}%;top:{100 * y / HEIGHT:.3f}%;"
        f"width:{100 * w / WIDTH:.3f}%;height:{100 * h / HEIGHT:.3f}%"
    )
    label = f"Aller à l’étape {step.number + 1}" if step.number < total else "Dernière étape"
    return f'<button type="button" class="hotspot" style="{style}" aria-label="{label}"></button>'


def page(
    *, title: str, language: str, steps: list[GuideStep], video: str, vtt: str, scorm: bool
) -> str:
    """Return the click-through page; every link is relative, every script inline."""
    total = len(steps)
    items = []
    for s in steps:
        hidden = "" if s.number == 1 else " hidden"
        items.append(
            f'<li class="step" id="etape-{s.number:02d}"{hidden}><figure><div class="frame">'
            f'<img src="{escape(s.screen)}" width="{WIDTH}" height="{HEIGHT}" '
            f'alt="Écran de l’étape {s.number} : {escape(s.text)}">{_hotspot(s, total=total)}</div>'
            f'<figcaption><span class="chapter">{escape(s.chapter)}</span>'
            f'<span class="sentence">{escape(s.text)}</span></figcaption></figure>'
            f'<audio preload="none" src="{escape(s.audio)}"></audio></li>'
        )
    finish = '<button type="button" id="finish" hidden>Terminer</button>' if scorm else ""
    media = (
        ""
        if scorm
        else (
            '<section aria-labelledby="video-title"><h2 id="video-title">La vidéo</h2>'
            f'<video controls preload="none" src="{escape(video)}" '
            f'poster="{escape(steps[0].screen)}">'
            f'<track kind="subtitles" srclang="{escape(language)}" src="{escape(vtt)}" '
            'label="Français" default></video></section>'
        )
    )
    lms = f"<script>{SCORM_SCRIPT}</script>" if scorm else ""
    return (
        f'<!doctype html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1></header><main>"
        '<section aria-labelledby="player-title"><h2 id="player-title" class="sr-only">'
        "Tutoriel interactif</h2>"
        f'<div class="bar"><p id="progress" class="progress">Étape 1 sur {total}</p>'
        '<button type="button" id="prev">← Précédent</button>'
        '<button type="button" id="sound" aria-pressed="false">Activer le son</button>'
        f'<button type="button" id="next">Suivant →</button>{finish}</div>'
        '<p class="hint">Cliquez sur la zone qui clignote, ou appuyez sur Entrée ou →'
        " pour avancer, ← pour revenir.</p>"
        '<p id="live" class="sr-only" aria-live="polite"></p>'
        f'<ol class="steps">{"".join(items)}</ol></section>{media}</main>'
        f"{lms}<script>{SCRIPT}</script></body></html>\n"
    )
