/* A visitor's ticket status: refreshed every 15 seconds from /api/v1/status/{token}. */
"use strict";

(() => {
  const root = document.getElementById("status");
  const texts = JSON.parse(root.dataset.texts);
  const lang = root.dataset.lang;
  async function refresh() {
    try {
      const reply = await fetch(`/api/v1/status/${encodeURIComponent(root.dataset.token)}`);
      if (!reply.ok) return;
      const ticket = await reply.json();
      let state = texts[ticket.status] || ticket.status;
      if (ticket.status === "called" && ticket.counter) state += ` · ${texts.counter} ${ticket.counter}`;
      document.getElementById("state").textContent = state;
      document.getElementById("position").textContent =
        ticket.position === null ? "—" : String(ticket.position);
      document.getElementById("estimate").textContent =
        ticket.estimated_wait_min === null ? "—"
          : ticket.estimated_wait_low_min !== null && ticket.estimated_wait_high_min !== null
            ? `${ticket.estimated_wait_low_min}–${ticket.estimated_wait_high_min} ${texts.min}`
            : `${ticket.estimated_wait_min} ${texts.min}`;
      const name = ticket.service_name[lang] || ticket.service;
      document.getElementById("service").textContent =
        ticket.stage_name ? `${name} · ${ticket.stage_name[lang]}` : name;
    } catch (_) { /* offline for a moment: keep what is shown */ }
  }
  setInterval(refresh, 15000);
})();
