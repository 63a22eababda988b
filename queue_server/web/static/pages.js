/* On every page: what the markup asks for with data attributes, since the pages' policy
   (Content-Security-Policy) runs no inline script or handler.
   - a button with data-print prints the page;
   - a form with data-confirm="question" is sent only once the user confirms. */
"use strict";

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
