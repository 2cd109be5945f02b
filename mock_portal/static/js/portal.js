// Progressive enhancements of the portal; every form also works without this file.
"use strict";

// PWD-01's rule, mirrored from mock_portal/validation.py.
function passwordStrength(value, words) {
  const letters = [...value].filter((c) => c.toLowerCase() !== c.toUpperCase());
  const digits = [...value].filter((c) => c >= "0" && c <= "9");
  const valid =
    letters.length >= 5 &&
    letters.some((c) => c === c.toLowerCase()) &&
    letters.some((c) => c === c.toUpperCase()) &&
    digits.length >= 3;
  if (!valid) return { word: words.weak, level: "weak" };
  if (value.length >= 12) return { word: words.strong, level: "strong" };
  return { word: words.medium, level: "medium" };
}

function setUpShowPassword(box) {
  const targets = box.dataset.showPassword.split(" ").map((id) => document.getElementById(id));
  box.addEventListener("change", () => {
    for (const input of targets) {
      if (input) input.type = box.checked ? "text" : "password";
    }
  });
}

function setUpStrength(input) {
  const status = document.getElementById(input.dataset.strengthTarget);
  const words = { weak: status.dataset.weak, medium: status.dataset.medium, strong: status.dataset.strong };
  const update = () => {
    if (!input.value) {
      status.textContent = "";
      status.dataset.level = "";
      return;
    }
    const result = passwordStrength(input.value, words);
    status.textContent = result.word;
    status.dataset.level = result.level;
  };
  input.addEventListener("input", update);
  update();
}

function setUpCaptchaRenewal(link) {
  // Send the form with what was typed so far; the server draws new characters and keeps it.
  link.addEventListener("click", (event) => {
    const form = link.closest("form");
    if (!form) return;
    event.preventDefault();
    const action = document.createElement("input");
    action.type = "hidden";
    action.name = "action";
    action.value = "renouveler";
    form.appendChild(action);
    form.submit();
  });
}

function setUpCaptchaAudio(link) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    new Audio(link.href).play().catch(() => {
      window.location.href = link.href;
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-show-password]").forEach(setUpShowPassword);
  document.querySelectorAll("[data-strength-target]").forEach(setUpStrength);
  document.querySelectorAll("[data-captcha-renew]").forEach(setUpCaptchaRenewal);
  document.querySelectorAll("[data-captcha-audio]").forEach(setUpCaptchaAudio);
  const summary = document.getElementById("erreurs");
  if (summary) summary.focus();
});
