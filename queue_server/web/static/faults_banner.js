/* The admin pages' device-fault banner: the open faults, drawn as on the console, asked
   for again every 10 seconds (an admin page has no event stream of its own), each cleared
   by its button. */
"use strict";

(() => {
  const banner = document.getElementById("fault-banner");
  const list = document.getElementById("faults");
  const texts = JSON.parse(banner.dataset.texts);

  async function refresh() {
    const reply = await Antrean.call("GET", "/api/v1/faults");
    if (reply.ok) Antrean.drawFaults(banner, list, reply.data, texts);
  }

  list.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-fault]");
    if (!button) return;
    button.disabled = true;
    await Antrean.call("POST", `/api/v1/faults/${button.dataset.fault}/${button.dataset.faultAction}`);
    await refresh();
  });

  refresh();
  setInterval(refresh, 10000);
})();
