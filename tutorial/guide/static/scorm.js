// SCORM 1.2 run-time: find the LMS's API in the parent frames (or the opener), as ADL describes.
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
