/* The live report: redrawn from the server whenever the queue changes (pushed events),
   at most every two seconds, and every 30 seconds in any case. */
"use strict";

(() => {
  const box = document.getElementById("live-content");
  async function redraw() {
    try {
      const reply = await fetch("/reports?fragment=1", {credentials: "same-origin"});
      if (reply.redirected || reply.status === 401) { Antrean.toLogin(); return; }
      if (reply.ok) box.innerHTML = await reply.text();
    } catch (_) { /* keep what is shown until the next try */ }
  }
  const soon = Antrean.debounce(redraw, 2000);
  Antrean.stream(Number(box.dataset.seq || 0), (event) => {
    if (event.type === "queue.changed" || event.type.startsWith("ticket.")) soon();
  }, () => {});
  setInterval(redraw, 30000);
})();
