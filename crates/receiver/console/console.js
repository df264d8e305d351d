// The clinic console's one script: the WebAuthn ceremonies (registration, sign-in, a
// protocol version's approval), the queue's live refresh and filters, and the idle
// warning. Served from the receiver under
// `script-src 'self'`; it writes text with textContent only, never as HTML.
"use strict";

/** Sends JSON to the console's API (POST unless `method` says otherwise); resolves to
 * the answer's JSON (or null). */
async function api(path, body, method = "POST") {
  const response = await fetch(path, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
    credentials: "same-origin",
  });
  if (response.status === 204) return null;
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(answer.message || "The console did not answer; try again.");
    // A form's problems by field, when the receiver lists them.
    error.problems = answer.problems;
    throw error;
  }
  return answer;
}

function say(text) {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

/** A WebAuthn refusal in words a staff member can act on. */
function passkeyProblem(error) {
  if (error && error.name === "NotAllowedError") return "The passkey request was cancelled or timed out. Try again when ready.";
  return error && error.message ? error.message : "Something went wrong; try again.";
}

async function createPasskey(token) {
  say("Waiting for your device…");
  try {
    const options = await api("/console/api/register/options", { token });
    const credential = await navigator.credentials.create({
      publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey),
    });
    await api("/console/api/register", { ceremony: options.ceremony, credential: credential.toJSON() });
    say("Your passkey is ready. Opening the console…");
    location.replace("/console");
  } catch (error) {
    say(passkeyProblem(error));
  }
}

async function signIn() {
  say("Waiting for your passkey…");
  try {
    const options = await api("/console/api/signin/options");
    const credential = await navigator.credentials.get({
      publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey),
    });
    await api("/console/api/signin", { ceremony: options.ceremony, credential: credential.toJSON() });
    location.replace("/console");
  } catch (error) {
    say(passkeyProblem(error));
  }
}

function registerPage() {
  // The invitation's token travels in the fragment (never sent to any server in an
  // address); it leaves the address bar at once.
  const token = new URLSearchParams(location.hash.slice(1)).get("invite") || "";
  history.replaceState(null, "", location.pathname);
  const button = document.getElementById("create-passkey");
  if (!token) {
    button.disabled = true;
    say("This page needs the invitation link the medical director sent you.");
    return;
  }
  button.addEventListener("click", () => createPasskey(token));
}

// --- The queue ---------------------------------------------------------------------

const SEVERITY_WORDS = { stop: "stop", review: "review", caution: "caution", info: "info" };

function cell(text, strongClass) {
  const td = document.createElement("td");
  if (strongClass) {
    const strong = document.createElement("strong");
    strong.className = strongClass;
    strong.textContent = text;
    td.append(strong);
  } else {
    td.textContent = text;
  }
  return td;
}

function rowOf(item, clinical) {
  const tr = document.createElement("tr");
  tr.dataset.id = item.id;
  tr.dataset.kid = item.kid;
  tr.dataset.severity = item.severity || "none";
  tr.dataset.review = item.review || "";
  const when = document.createElement("td");
  const time = document.createElement("time");
  time.dateTime = item.received_at;
  time.textContent = item.received_at;
  when.append(time);
  const name = document.createElement("td");
  if (clinical) {
    const link = document.createElement("a");
    link.href = `/console/submission/${encodeURIComponent(item.id)}/${encodeURIComponent(item.kid)}`;
    link.textContent = item.name;
    name.append(link);
  } else {
    name.textContent = item.name;
  }
  tr.append(when, name);
  const from = cell(item.source);
  if (item.kiosk_revoked) from.append(" ", cell("(kiosk revoked)", "warn").firstChild);
  tr.append(from);
  if (clinical) {
    tr.append(cell((item.treatments || []).join(", ")));
    tr.append(item.severity ? cell(SEVERITY_WORDS[item.severity] || item.severity, `sev-${item.severity}`) : cell("none"));
    tr.append(cell(item.review_words || ""));
  }
  const checks = cell("Verified on receipt");
  if (item.collision) checks.append(" ", cell("(another key used this id)", "warn flag-collision").firstChild);
  if (item.profile_unapproved) checks.append(" ", cell("(profile not approved)", "warn flag-unapproved").firstChild);
  tr.append(checks);
  return tr;
}

/** The records a table shows, as `id/kid`. */
function shown(body) {
  return new Set([...(body?.rows || [])].map((r) => `${r.dataset.id}/${r.dataset.kid}`));
}

/** Asks for this page of the queue again (its filters and place) and shows it. */
async function refreshQueue(main) {
  const clinical = main.dataset.role !== "front_desk";
  const response = await fetch(`/console/api/queue${location.search}`, { credentials: "same-origin" });
  if (response.status === 401) {
    location.replace("/console");
    return;
  }
  if (!response.ok) return;
  const queue = await response.json();
  const body = document.querySelector("#queue tbody");
  const waiting = document.querySelector("#escalated tbody");
  const before = new Set([...shown(body), ...shown(waiting)]);
  const after = [...queue.items, ...queue.escalated].map((i) => `${i.id}/${i.kid}`);
  const fresh = new Set(after.filter((key) => !before.has(key))).size;
  body.replaceChildren(...queue.items.map((item) => rowOf(item, clinical)));
  waiting?.replaceChildren(...queue.escalated.map((item) => rowOf(item, clinical)));
  if (queue.items.length) document.getElementById("empty")?.remove();
  const counts = document.getElementById("counts");
  if (counts) {
    counts.textContent = `${queue.waiting_for_director} waiting for the medical director, ${queue.to_review} to review`;
  }
  if (fresh > 0) {
    document.getElementById("queue-status").textContent = fresh === 1 ? "1 new submission" : `${fresh} new submissions`;
  }
}

/** The queue refresh under way, if any. */
let refreshing = Promise.resolve();

/** What must happen before this page signs out (the queue stops refreshing). */
let beforeSigningOut = async () => {};

/** Ends this session on the server and leaves for `next`. */
async function signOut(everywhere, next = "/console") {
  await beforeSigningOut();
  await api("/console/api/signout", { everywhere }).catch(() => {});
  location.replace(next);
}

/** Warns two minutes before the 15-minute idle limit; signs out at the limit. */
function idleWatch() {
  const dialog = document.getElementById("idle-warning");
  const IDLE_MS = 15 * 60 * 1000;
  const WARN_MS = IDLE_MS - 2 * 60 * 1000;
  let warned;
  let ended;
  const arm = () => {
    clearTimeout(warned);
    clearTimeout(ended);
    warned = setTimeout(() => dialog.showModal(), WARN_MS);
    // The console signs itself out at the limit, and the page leaves the screen.
    ended = setTimeout(() => signOut(false, "/console?timed-out"), IDLE_MS);
  };
  document.getElementById("stay").addEventListener("click", async () => {
    dialog.close();
    // The clock starts again at once; the server is told, and if the session has
    // already ended there, the page goes to the sign-in screen.
    arm();
    try {
      await api("/console/api/session");
    } catch {
      location.replace("/console?timed-out");
    }
  });
  arm();
}

function queuePage(main) {
  // The receiver says when the queue changed (a record stored or reviewed, here or at
  // another receiver on the same database); the page then asks for itself again.
  // Listening does not count as use: only the member's own actions keep the session.
  // Signing out closes the stream and waits for a refresh under way, so nothing
  // reaches the server after the session ended.
  const source = new EventSource("/console/api/events");
  source.addEventListener("queue", () => {
    refreshing = refreshing.then(() => refreshQueue(main)).catch(() => {});
  });
  beforeSigningOut = async () => {
    source.close();
    await refreshing;
  };
  idleWatch();
}

// --- A submission --------------------------------------------------------------------

async function recordReview(main, body) {
  const status = document.getElementById("review-status");
  try {
    await api(`/console/api/submissions/${encodeURIComponent(main.dataset.id)}/${encodeURIComponent(main.dataset.kid)}/review`, body);
    status.textContent = "Recorded.";
    location.reload();
  } catch (error) {
    status.textContent = error.message;
  }
}

/** The Patient panel: link the visit to a suggested record, make a new one from it,
 * or unlink it; staff choose, the receiver only suggests. */
function patientPanel(main) {
  const panel = document.getElementById("patient-record");
  if (!panel) return;
  const status = document.getElementById("patient-status");
  const path = `/console/api/submissions/${encodeURIComponent(main.dataset.id)}/${encodeURIComponent(main.dataset.kid)}/patient`;
  const send = async (body) => {
    status.textContent = "Saving…";
    try {
      await api(path, body);
      status.textContent = "Saved.";
      location.reload();
    } catch (error) {
      status.textContent = error.message;
    }
  };
  panel.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.linkPatient) send({ action: "link", patient: button.dataset.linkPatient });
    else if (button.id === "new-patient") send({ action: "new" });
    else if (button.id === "unlink-patient") send({ action: "unlink" });
  });
}

/** A patient's chart: accept the latest visit's answers into the patient record
 * (the page names the visit it showed; the receiver refuses a stale one). */
function patientPage() {
  const button = document.getElementById("accept-changes");
  if (!button) return;
  const status = document.getElementById("accept-status");
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "Saving…";
    try {
      await api(`/console/api/patients/${encodeURIComponent(button.dataset.patient)}/accept`, { id: button.dataset.id, kid: button.dataset.kid });
      status.textContent = "Accepted.";
      location.reload();
    } catch (error) {
      status.textContent = error.message;
      button.disabled = false;
    }
  });
}

function submissionPage(main) {
  document.getElementById("print").addEventListener("click", () => window.print());
  patientPanel(main);
  const note = () => document.getElementById("review-note")?.value ?? "";
  document.getElementById("mark-reviewed")?.addEventListener("click", () => recordReview(main, { action: "reviewed", note: note() }));
  document.getElementById("escalate")?.addEventListener("click", () => recordReview(main, { action: "escalated", note: note() }));
  document.getElementById("record-decision")?.addEventListener("click", () => {
    const decision = document.querySelector("input[name=decision]:checked")?.value;
    const reason = document.getElementById("decision-reason").value;
    const status = document.getElementById("review-status");
    if (!decision) {
      status.textContent = "Choose a decision first.";
      return;
    }
    if (!reason.trim()) {
      status.textContent = "Give the reason for the decision.";
      document.getElementById("decision-reason").focus();
      return;
    }
    recordReview(main, { action: "decided", decision, reason });
  });
}

// --- Staff (the medical director) -------------------------------------------------------

function staffPage() {
  const status = document.getElementById("staff-status");
  document.getElementById("invite-staff").addEventListener("click", async () => {
    const name = document.getElementById("staff-name").value;
    const role = document.getElementById("staff-role").value;
    try {
      const made = await api("/console/api/staff", { name, role });
      const link = document.getElementById("new-link");
      link.hidden = false;
      document.getElementById("new-link-text").textContent = made.link;
      status.textContent = `Invitation made for ${made.name}. Send them the link below; it works once, for 24 hours.`;
    } catch (error) {
      status.textContent = error.message;
    }
  });
  licenceDialog();
  exceptionForm();
  for (const button of document.querySelectorAll("button[data-disable]")) {
    button.addEventListener("click", async () => {
      try {
        await api(`/console/api/staff/${encodeURIComponent(button.dataset.disable)}/disable`);
        location.reload();
      } catch (error) {
        status.textContent = error.message;
      }
    });
  }
}

/** The licence dialog: opened from a member's row, saved, then the page shows it. */
function licenceDialog() {
  const dialog = document.getElementById("licence-dialog");
  if (!dialog) return;
  const form = document.getElementById("licence-form");
  const status = document.getElementById("licence-status");
  let opener = null;
  for (const button of document.querySelectorAll("button[data-licence]")) {
    button.addEventListener("click", () => {
      opener = button;
      document.getElementById("licence-member").value = button.dataset.licence;
      document.getElementById("licence-who").textContent = button.dataset.name;
      status.textContent = "";
      dialog.showModal();
      document.getElementById("licence-credential").focus();
    });
  }
  document.getElementById("licence-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => opener?.focus());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const member = document.getElementById("licence-member").value;
    const body = {
      credential: document.getElementById("licence-credential").value,
      number: document.getElementById("licence-number").value,
      expires: document.getElementById("licence-expires").value,
      booked_as: document.getElementById("licence-booked-as").value.split("\n"),
    };
    try {
      await api(`/console/api/staff/${encodeURIComponent(member)}/licence`, body);
      location.reload();
    } catch (error) {
      status.textContent = error.message;
    }
  });
}

/** Granting and withdrawing the director's exceptions to the scope of practice. */
function exceptionForm() {
  const form = document.getElementById("exception-form");
  if (!form) return;
  const status = document.getElementById("exception-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      member: document.getElementById("exception-member").value,
      treatment: document.getElementById("exception-treatment").value,
      until: document.getElementById("exception-until").value,
      reason: document.getElementById("exception-reason").value,
    };
    try {
      await api("/console/api/scope-exceptions", body);
      location.reload();
    } catch (error) {
      status.textContent = error.message;
    }
  });
  for (const button of document.querySelectorAll("button[data-withdraw]")) {
    button.addEventListener("click", async () => {
      if (!confirm("Withdraw this exception? What it let through is refused again from now on.")) return;
      try {
        await api(`/console/api/scope-exceptions/${encodeURIComponent(button.dataset.withdraw)}/withdraw`);
        location.reload();
      } catch (error) {
        status.textContent = error.message;
      }
    });
  }
}

// --- Appointments (the front desk and up) -------------------------------------------------

/** Replaces the day's table with the receiver's current one (same filters). */
async function refreshBoard() {
  const response = await fetch(`/console/api/today${location.search}`, { credentials: "same-origin" });
  if (response.status === 401) {
    location.replace("/console");
    return;
  }
  if (!response.ok) return;
  // The receiver renders the table (every name escaped); it is parsed as a document
  // of its own and its table adopted, never written as markup into this page.
  const parsed = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = parsed.getElementById("board");
  const board = document.getElementById("board");
  if (!fresh || !board) return;
  // Urgent check-ins of the last week, above the table.
  const urgent = parsed.getElementById("urgent-area");
  if (urgent) document.getElementById("urgent-area")?.replaceWith(document.adoptNode(urgent));
  const before = board.querySelector("tbody").textContent;
  // A button of the board that had focus keeps it in the new table.
  const focused = sameButton(document.activeElement);
  board.replaceWith(document.adoptNode(fresh));
  if (focused) document.querySelector(focused)?.focus();
  if (fresh.querySelector("tbody").textContent !== before) {
    const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    document.getElementById("board-status").textContent = `Updated at ${time}.`;
  }
}

/** A selector for `element` when it is one of the board's row buttons (which a new
 * table replaces), so focus can follow it into the new table. */
function sameButton(element) {
  if (!element?.closest?.("#board")) return null;
  for (const name of ["resend", "revoke", "desk-link", "cancel", "edit", "treated"]) {
    const value = element.getAttribute(`data-${name}`);
    if (value) return `#board button[data-${name}="${CSS.escape(value)}"]`;
  }
  return null;
}

/** Shows a link made at the desk, once: its QR code (an SVG the receiver drew from the
 * link alone, parsed as an image document of its own) and its text. */
function showDeskLink(made, openerSelector) {
  const dialog = document.getElementById("desk-link");
  const image = new DOMParser().parseFromString(made.svg, "image/svg+xml").documentElement;
  image.setAttribute("role", "img");
  image.setAttribute("aria-label", "QR code of the link");
  document.getElementById("desk-link-qr").replaceChildren(document.adoptNode(image));
  document.getElementById("desk-link-text").textContent = made.link;
  const close = document.getElementById("desk-link-close");
  close.onclick = () => dialog.close();
  // The link is the patient's key to their forms: gone from the page once closed.
  dialog.onclose = () => {
    document.getElementById("desk-link-qr").replaceChildren();
    document.getElementById("desk-link-text").textContent = "";
    // The board may have been replaced meanwhile: the button of the same row.
    if (openerSelector) document.querySelector(openerSelector)?.focus();
  };
  dialog.showModal();
  close.focus();
}

/** The board's invitation buttons (one listener: the table is replaced when it updates). */
function invitationActions(main) {
  const status = document.getElementById("invitation-status");
  main.addEventListener("click", async (event) => {
    const button = event.target.closest("#board button");
    if (!button) return;
    const id = button.dataset.resend ?? button.dataset.revoke ?? button.dataset.deskLink ?? button.dataset.cancel ??
      button.dataset.edit ?? button.dataset.treated;
    const base = `/console/api/appointments/${encodeURIComponent(id)}`;
    try {
      if (button.dataset.resend) {
        await api(`${base}/resend`);
        status.textContent = "Sent again: the earlier link no longer opens, and a new message is on its way.";
      } else if (button.dataset.revoke) {
        if (!confirm("Revoke this invitation? Its links will no longer open, and answers saved with them are deleted.")) return;
        await api(`${base}/revoke`);
        status.textContent = "Revoked: the invitation's links no longer open.";
      } else if (button.dataset.cancel) {
        if (!confirm("Cancel this appointment? Its invitation's links will no longer open, and no reminder is sent.")) return;
        await api(`${base}/cancel`);
        status.textContent = "Cancelled: the appointment stays on the board, its invitation revoked.";
      } else if (button.dataset.deskLink) {
        showDeskLink(await api(`${base}/desk-link`), sameButton(button));
      } else if (button.dataset.edit) {
        await changeAppointment(id);
      } else if (button.dataset.treated) {
        markTreated(button, sameButton(button));
      }
    } catch (error) {
      // A refusal's reasons (the scope of practice) follow its message.
      status.textContent = [error.message, ...(error.problems ?? []).map((p) => p.message)].join(" ");
    }
  });
}

/** Mark treated: the dialog shows the visit's treatments, each with its product, lot,
 * device and settings; sent, the board updates by itself. A refusal (the scope of
 * practice, or a field) is listed in the dialog, each problem by field. */
function markTreated(button, openerSelector) {
  const dialog = document.getElementById("treated");
  const form = document.getElementById("treated-form");
  const problems = document.getElementById("treated-problems");
  const treatments = (button.dataset.treatments ?? "").split(" ").filter(Boolean);
  form.reset();
  problems.replaceChildren();
  document.getElementById("treated-who").textContent = button.dataset.who ?? "";
  for (const part of form.querySelectorAll("fieldset[data-treatment]")) {
    part.hidden = !treatments.includes(part.dataset.treatment);
  }
  document.getElementById("treated-cancel").onclick = () => dialog.close();
  dialog.onclose = () => {
    if (openerSelector) document.querySelector(openerSelector)?.focus();
  };
  form.onsubmit = async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    const used = treatments.map((treatment) => {
      const value = (name) => form.querySelector(`fieldset[data-treatment="${CSS.escape(treatment)}"] [name=${name}]`)?.value.trim() ?? "";
      return { treatment, product: value("product"), lot: value("lot"), device: value("device"), settings: value("settings") };
    });
    try {
      await api(`/console/api/appointments/${encodeURIComponent(button.dataset.treated)}/treated`, { used });
      dialog.close();
      document.getElementById("invitation-status").textContent = "Marked treated by you.";
    } catch (error) {
      const items = [error.message, ...(error.problems ?? []).map((p) => p.message)].map((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      });
      problems.replaceChildren(...items);
    }
  };
  dialog.showModal();
  form.querySelector("fieldset:not([hidden]) input")?.focus();
}

/** `local` (a `datetime-local` value, `2026-12-09T10:30`) with this computer's offset
 * on that day, as the receiver wants a start: `2026-12-09T10:30:00-05:00`. */
function withOffset(local) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) return local;
  const minutes = -new Date(local).getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  const hours = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, "0");
  return `${local.slice(0, 16)}:00${sign}${hours}:${String(Math.abs(minutes) % 60).padStart(2, "0")}`;
}

/** Fills the booking form with appointment `id` to change it. */
async function changeAppointment(id) {
  const response = await fetch(`/console/api/appointments/${encodeURIComponent(id)}`, { credentials: "same-origin" });
  const booked = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(booked.message || "The console did not answer; try again.");
  const form = document.getElementById("book");
  form.reset();
  document.getElementById("book-problems").replaceChildren();
  document.getElementById("book-id").value = id;
  for (const name of ["start", "provider", "name", "email", "mobile", "language"]) form.elements[name].value = booked[name];
  for (const box of form.querySelectorAll("input[name=treatments]")) box.checked = booked.treatments.includes(box.value);
  document.getElementById("h-book").textContent = `Change ${booked.name}'s appointment`;
  document.getElementById("book-submit").textContent = "Save the changes";
  document.getElementById("book-leave").hidden = false;
  document.getElementById("book-status").textContent = "";
  document.getElementById("book-start").focus();
}

/** Puts the booking form back to booking a new appointment. */
function bookingMode(form) {
  form.reset();
  document.getElementById("book-id").value = "";
  const heading = document.getElementById("h-book");
  heading.textContent = heading.dataset.new;
  document.getElementById("book-submit").textContent = "Book and invite";
  document.getElementById("book-leave").hidden = true;
}

/** The booking form: every problem listed by field, each a link to its field. */
function bookingForm() {
  const form = document.getElementById("book");
  if (!form) return;
  const status = document.getElementById("book-status");
  const list = document.getElementById("book-problems");
  document.getElementById("book-leave").addEventListener("click", () => {
    bookingMode(form);
    status.textContent = "";
    list.replaceChildren();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    list.replaceChildren();
    const value = (name) => form.elements[name].value.trim();
    const body = {
      start: withOffset(value("start")),
      provider: value("provider"),
      treatments: [...form.querySelectorAll("input[name=treatments]:checked")].map((box) => box.value),
      name: value("name"),
      email: value("email"),
      mobile: value("mobile"),
      language: value("language"),
    };
    const changing = document.getElementById("book-id").value;
    try {
      if (changing) {
        await api(`/console/api/appointments/${encodeURIComponent(changing)}`, body, "PUT");
        status.textContent = `Changed: ${body.name}'s appointment.`;
      } else {
        await api("/console/api/appointments", body);
        status.textContent = `Booked: ${body.name}. The invitation is on its way.`;
      }
      bookingMode(form);
    } catch (error) {
      status.textContent = error.message;
      for (const p of error.problems ?? []) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        const field = p.field === "treatments" ? "book-treatments" : `book-${p.field}`;
        link.href = `#${field}`;
        link.textContent = `${form.querySelector(`[for="${field}"], #${field}-legend`)?.textContent ?? p.field}: ${p.message}`;
        link.addEventListener("click", (e) => {
          e.preventDefault();
          (document.getElementById(field)?.querySelector("input") ?? document.getElementById(field))?.focus();
        });
        item.append(link);
        list.append(item);
      }
      list.querySelector("a")?.focus();
    }
  });
}

/** The check-ins' list: asked for again whenever the receiver says something changed. */
function checkInsPage() {
  const source = new EventSource("/console/api/events");
  source.addEventListener("queue", () => {
    refreshing = refreshing
      .then(async () => {
        const response = await fetch("/console/api/check-ins", { credentials: "same-origin" });
        if (response.status === 401) return location.replace("/console");
        if (!response.ok) return;
        const parsed = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = parsed.getElementById("check-in-table");
        if (fresh) document.getElementById("check-in-table")?.replaceWith(document.adoptNode(fresh));
      })
      .catch(() => {});
  });
  beforeSigningOut = async () => {
    source.close();
    await refreshing;
  };
  idleWatch();
}

function todayPage(main) {
  invitationActions(main);
  bookingForm();
  // Live, as the queue is: the receiver says something changed (an invitation sent
  // or opened, answers saved, forms sent or reviewed) and the table is asked for again.
  const source = new EventSource("/console/api/events");
  source.addEventListener("queue", () => {
    refreshing = refreshing.then(refreshBoard).catch(() => {});
  });
  beforeSigningOut = async () => {
    source.close();
    await refreshing;
  };
  const status = document.getElementById("import-status");
  const list = document.getElementById("import-problems");
  document.getElementById("import").addEventListener("click", async () => {
    list.replaceChildren();
    const file = document.getElementById("import-file").files[0];
    const source = document.getElementById("import-source").value.trim();
    if (!source || !file) {
      status.textContent = "Name the booking system and choose its CSV export first.";
      return;
    }
    status.textContent = "Importing…";
    const response = await fetch("/console/api/appointments/import", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ source, csv: await file.text() }),
      credentials: "same-origin",
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      status.textContent = `Imported: ${answer.added} added, ${answer.updated} updated, ${answer.unchanged} already up to date.`;
      // The board shows the new appointments by itself (the receiver says it changed).
      await refreshBoard();
      return;
    }
    status.textContent = answer.message || "The console did not answer; try again.";
    for (const p of answer.problems || []) {
      const item = document.createElement("li");
      item.textContent = p.row === 1 ? `Header, ${p.column}: ${p.message}` : `Row ${p.row}, ${p.column}: ${p.message}`;
      list.append(item);
    }
  });
}

// --- Incidents (providers and the medical director) ---------------------------------------

/** The onset time with this computer's offset on the onset day (`14:30-05:00`). */
function timeWithOffset(day, time) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{2}:\d{2}$/.test(time)) return time;
  const full = withOffset(`${day}T${time}`);
  return `${full.slice(11, 16)}${full.slice(19)}`;
}

/** The incident form: recorded (then its page opens) or changed; every problem shown
 * at its field (tied to it by aria-describedby) and listed, each a link to its field. */
function incidentForm(main) {
  const form = document.getElementById("incident-form");
  if (!form) return;
  const status = document.getElementById("incident-status");
  const list = document.getElementById("incident-problems");
  const id = main.dataset.incident;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    list.replaceChildren();
    for (const error of form.querySelectorAll(".field-error")) error.textContent = "";
    for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
    const value = (name) => (form.elements[name]?.value ?? "").trim();
    const body = {};
    for (const name of ["patient", "provider", "provider_role", "treatment_date", "onset_date", "treatment", "product",
      "lot", "device", "description", "grade", "actions", "outcome", "manufacturer", "manufacturer_filed_on",
      "regulator", "regulator_filed_on"]) {
      body[name] = value(name);
    }
    body.onset_time = timeWithOffset(body.onset_date, value("onset_time"));
    if (!id) {
      for (const name of ["appointment_id", "submission_id"]) body[name] = value(name);
    }
    try {
      if (id) {
        await api(`/console/api/incidents/${encodeURIComponent(id)}`, body, "PUT");
        status.textContent = "Saved.";
        location.reload();
      } else {
        const made = await api("/console/api/incidents", body);
        location.assign(`/console/incidents/${encodeURIComponent(made.incident)}`);
      }
    } catch (error) {
      status.textContent = error.message;
      for (const p of error.problems ?? []) {
        const fieldId = `incident-${p.field}`;
        const place = document.getElementById(`${fieldId}-error`);
        if (place) place.textContent = p.message;
        const field = document.getElementById(fieldId);
        field?.setAttribute("aria-invalid", "true");
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `#${fieldId}`;
        const label = form.querySelector(`[for="${fieldId}"], #${fieldId}-legend`);
        link.textContent = `${label?.textContent ?? p.field}: ${p.message}`;
        link.addEventListener("click", (e) => {
          e.preventDefault();
          (field?.querySelector("input") ?? field)?.focus();
        });
        item.append(link);
        list.append(item);
      }
      list.querySelector("a")?.focus();
    }
  });
}

/** The state buttons and the director's sign-off. */
function incidentSteps(main) {
  const id = main.dataset.incident;
  if (!id) return;
  const status = document.getElementById("step-status");
  for (const button of document.querySelectorAll("button[data-step]")) {
    button.addEventListener("click", async () => {
      try {
        await api(`/console/api/incidents/${encodeURIComponent(id)}/step`, { action: button.dataset.step });
        location.reload();
      } catch (error) {
        status.textContent = error.message;
      }
    });
  }
}

// --- Protocol approval (the medical director) -------------------------------------------

function protocolVersionPage(main) {
  const button = document.getElementById("approve");
  if (!button) return;
  const status = document.getElementById("approve-status");
  const path = `/console/api/protocol/${encodeURIComponent(main.dataset.sha256)}/approve`;
  button.addEventListener("click", async () => {
    status.textContent = "Waiting for your passkey…";
    try {
      const credential = document.getElementById("approval-credential").value;
      const options = await api(`${path}/options`, { credential });
      const assertion = await navigator.credentials.get({
        publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey),
      });
      await api(path, { ceremony: options.ceremony, credential: assertion.toJSON() });
      status.textContent = "Approved. Patients get this version from now on.";
      location.reload();
    } catch (error) {
      status.textContent = passkeyProblem(error);
    }
  });
}

function signOutButtons() {
  document.getElementById("sign-out")?.addEventListener("click", () => signOut(false));
  document.getElementById("sign-out-everywhere")?.addEventListener("click", () => signOut(true));
}

document.addEventListener("DOMContentLoaded", () => {
  signOutButtons();
  const main = document.querySelector("main[data-page]");
  if (!main) return;
  if (main.dataset.page === "register") registerPage();
  if (main.dataset.page === "sign-in") document.getElementById("sign-in").addEventListener("click", signIn);
  if (main.dataset.page === "queue") queuePage(main);
  if (main.dataset.page === "submission") {
    submissionPage(main);
    idleWatch();
  }
  if (main.dataset.page === "staff") {
    staffPage();
    idleWatch();
  }
  if (main.dataset.page === "protocol" || main.dataset.page === "patient") idleWatch();
  if (main.dataset.page === "patient") patientPage();
  if (main.dataset.page === "check-ins") checkInsPage();
  if (main.dataset.page === "check-in") idleWatch();
  // Their forms are integrations.js's; the idle sign-out is the console's.
  if (main.dataset.page === "integrations" || main.dataset.page === "webhook") idleWatch();
  if (main.dataset.page === "today") {
    todayPage(main);
    idleWatch();
  }
  if (main.dataset.page === "incident") {
    incidentForm(main);
    incidentSteps(main);
    idleWatch();
  }
  if (main.dataset.page === "incidents" || main.dataset.page === "incident-patterns") idleWatch();
  if (main.dataset.page === "protocol-version") {
    protocolVersionPage(main);
    idleWatch();
  }
});
