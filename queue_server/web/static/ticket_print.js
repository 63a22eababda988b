/* A ticket issued at the information desk, printed by the browser on whatever printer the
   desk PC has: the page opens the print dialog once, and again on the button. */
"use strict";

(() => {
  const button = document.getElementById("print-now");
  button.addEventListener("click", () => window.print());
  if (new URLSearchParams(location.search).get("auto") === "1") window.print();
})();
