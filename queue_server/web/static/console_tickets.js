/* The console's tickets beyond its own: a ticket of today found by its number (where it
   stands, its history, and the actions the lifecycle still allows: requeue, transfer,
   cancel), and, at an information desk, a ticket issued for a visitor who cannot use the
   kiosk (its number shown large, and a page the browser prints). */
"use strict";

(() => {
  const {counter, texts, run, refresh, openTransfer, el} = window.AntreanConsole;
  const $ = (id) => document.getElementById(id);
  const lang = () => Antrean.lang();
  let found = null;

  function note(id, message, kind) {
    const box = $(id);
    box.textContent = message || "";
    box.className = message ? `notice ${kind || ""}` : "notice hidden";
  }

  function time(iso) {
    return new Date(iso).toLocaleTimeString(lang() === "en" ? "en-GB" : "id-ID",
      {hour: "2-digit", minute: "2-digit"});
  }

  function drawHistory(history) {
    const list = $("found-history");
    list.replaceChildren();
    for (const line of history) {
      const what = texts[`history.${line.action}`] || line.action || line.type;
      const where = line.counter ? ` · ${texts["search.counter"]} ${line.counter}` : "";
      list.append(el("li", `${time(line.at)} · ${what}${where} · ${line.actor}`));
    }
  }

  function drawActions(actions) {
    const box = $("found-actions");
    box.replaceChildren();
    for (const action of actions) {
      const look = {requeue: "primary", cancel: "danger"}[action] || "";
      const button = el("button", texts[`action.${action}`], look);
      button.type = "button";
      button.dataset.foundAction = action;
      box.append(button);
    }
    if (!actions.length) box.append(el("p", texts["search.no_actions"], "muted"));
  }

  function drawFound() {
    const ticket = found.ticket;
    $("search-result").classList.remove("hidden");
    $("found-number").textContent = ticket.number;
    $("found-status").textContent = texts[`status.${ticket.status}`] || ticket.status;
    $("found-status").dataset.status = ticket.status;
    $("found-queue").textContent = found.queue[lang()];
    $("found-class").textContent = texts[`class.${ticket.class}`] || ticket.class;
    $("found-ahead").textContent = ticket.status === "waiting" ? String(ticket.position) : "—";
    $("found-counter").textContent = ticket.counter ? String(ticket.counter) : "—";
    drawActions(found.actions);
    const refused = found.requeue_refused;
    note("found-refused", refused ? refused[lang()] : "", "error");
    drawHistory(found.history);
  }

  async function search(number) {
    note("search-message", "");
    const url = `/api/v1/console/${counter}/tickets?number=${encodeURIComponent(number)}`;
    const reply = await Antrean.call("GET", url);
    if (!reply.ok) {
      found = null;
      $("search-result").classList.add("hidden");
      note("search-message", Antrean.errorText(reply.data), "error");
      return;
    }
    found = reply.data;
    drawFound();
  }

  $("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const number = $("search-number").value.trim();
    if (number) await search(number);
  });

  $("search-clear").addEventListener("click", () => {
    found = null;
    $("search-result").classList.add("hidden");
    $("search-number").value = "";
  });

  $("found-actions").addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button || !found) return;
    const ticket = found.ticket;
    const again = () => search(ticket.number);
    if (button.dataset.foundAction === "transfer") { openTransfer(ticket.id, again); return; }
    button.disabled = true;
    await run("POST", `/api/v1/tickets/${ticket.id}/${button.dataset.foundAction}`);
    await again();
  });

  /* The information desk. */
  const desk = $("desk-dialog");

  function deskChoosing(choosing) {
    $("desk-choose").classList.toggle("hidden", !choosing);
    $("desk-result").classList.toggle("hidden", choosing);
    $("desk-issue").classList.toggle("hidden", !choosing);
  }

  $("desk-open").addEventListener("click", () => {
    deskChoosing(true);
    note("desk-message", "");
    // One ticket per dialog, however often sent (getRandomValues works on plain HTTP too).
    const random = crypto.getRandomValues(new Uint8Array(12));
    desk.dataset.ref = `desk-${Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("")}`;
    desk.showModal();
  });

  $("desk-issue").addEventListener("click", async () => {
    const form = new FormData($("desk-form"));
    const body = {service: form.get("service"), language: form.get("language"),
                  client_ref: desk.dataset.ref};
    if (form.get("priority_group")) body.priority_group = form.get("priority_group");
    $("desk-issue").disabled = true;
    try {
      const reply = await Antrean.call("POST", `/api/v1/console/${counter}/tickets`, body);
      if (!reply.ok) { note("desk-message", Antrean.errorText(reply.data), "error"); return; }
      const ticket = reply.data;
      $("desk-number").textContent = ticket.number;
      $("desk-service").textContent = ticket.service_name[lang()];
      $("desk-ahead").textContent = `${ticket.position} ${texts["desk.ahead"]}`;
      $("desk-print").href = `/counter/tickets/${ticket.id}/print`;
      deskChoosing(false);
      refresh();
    } finally {
      $("desk-issue").disabled = false;
    }
  });
})();
