// Selecting a clause shows its suggestions in the side panel (the server renders them).
"use strict";
// After an action (check, apply) the keyboard starts at its message, else at the draft.
document.addEventListener("DOMContentLoaded", () => {
  const start = document.getElementById("message") || document.getElementById("notice");
  if (start) start.focus();
  else if (document.getElementById("counts")) document.getElementById("main").focus();
});
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.clause");
  if (!button) return;
  const panel = document.getElementById("suggestions");
  document.querySelectorAll("button.clause[aria-pressed]").forEach((b) => b.removeAttribute("aria-pressed"));
  button.setAttribute("aria-pressed", "true");
  const body = new FormData();
  body.append("clause", button.dataset.clause);
  body.append("section", button.dataset.section);
  body.append("lead", button.dataset.lead);
  panel.setAttribute("aria-busy", "true");
  try {
    const answer = await fetch("/suggestions", { method: "POST", body });
    panel.innerHTML = answer.ok ? await answer.text() : "<h2>Suggestions</h2><p>No suggestions (" + answer.status + ").</p>";
  } catch (error) {
    panel.innerHTML = "<h2>Suggestions</h2><p>The server did not answer.</p>";
  }
  panel.removeAttribute("aria-busy");
  const title = document.getElementById("suggestions-title");
  (title || panel).focus();
});
