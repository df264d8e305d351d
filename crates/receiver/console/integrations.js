// The medical director's Integrations page and an endpoint's deliveries: API keys
// (made, shown once, revoked) and webhook endpoints (registered with their secret shown
// once, secrets rotated, deleted, enabled again; a delivery sent again). Loaded after
// console.js, whose `api` it uses; nothing here ever holds patient data.

/** Making an API key (shown once) and revoking one. */
function integrationsPage() {
  const form = document.getElementById("key-form");
  const status = document.getElementById("key-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      name: document.getElementById("key-name").value,
      scopes: [...form.querySelectorAll("input[name=scopes]:checked")].map((box) => box.value),
    };
    try {
      const made = await api("/console/api/integrations/keys", body);
      document.getElementById("new-key").hidden = false;
      document.getElementById("new-key-text").textContent = made.key;
      status.textContent = `Key made for ${body.name.trim()}. It is shown below, once; it is listed after a reload.`;
      form.reset();
    } catch (error) {
      status.textContent = error.message;
    }
  });
  for (const button of document.querySelectorAll("button[data-revoke-key]")) {
    button.addEventListener("click", async () => {
      if (!confirm("Revoke this key? Every request with it is refused from now on.")) return;
      try {
        await api(`/console/api/integrations/keys/${encodeURIComponent(button.dataset.revokeKey)}/revoke`);
        location.reload();
      } catch (error) {
        status.textContent = error.message;
      }
    });
  }
}


/** Registering, rotating, deleting and enabling webhook endpoints. */
function webhooksSection() {
  const form = document.getElementById("webhook-form");
  const status = document.getElementById("webhook-status");
  const showSecret = (secret) => {
    document.getElementById("new-secret").hidden = false;
    document.getElementById("new-secret-text").textContent = secret;
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      url: document.getElementById("webhook-url").value.trim(),
      description: document.getElementById("webhook-description").value,
      event_types: [...form.querySelectorAll("input[name=event_types]:checked")].map((box) => box.value),
    };
    try {
      await api("/console/api/webhooks", body).then((made) => showSecret(made.secret));
      status.textContent = "Endpoint registered. Its signing secret is shown below, once; it is listed after a reload.";
      form.reset();
    } catch (error) {
      status.textContent = error.message;
      document.getElementById("webhook-url").focus();
    }
  });
  const act = (selector, confirmText, path, after) => {
    for (const button of document.querySelectorAll(selector)) {
      button.addEventListener("click", async () => {
        if (confirmText && !confirm(confirmText)) return;
        try {
          after(await api(path(button)));
        } catch (error) {
          status.textContent = error.message;
        }
      });
    }
  };
  act(
    "button[data-rotate-webhook]",
    "Rotate this endpoint's secret? The old secret keeps signing beside the new one for 24 hours.",
    (b) => `/console/api/webhooks/${encodeURIComponent(b.dataset.rotateWebhook)}/rotate`,
    (made) => {
      showSecret(made.secret);
      status.textContent = "New secret made: deliveries are signed with it and the old one for 24 hours.";
    },
  );
  act(
    "button[data-delete-webhook]",
    "Delete this endpoint? Nothing more is delivered to it.",
    (b) => `/console/api/webhooks/${encodeURIComponent(b.dataset.deleteWebhook)}/delete`,
    () => location.reload(),
  );
  act(
    "button[data-enable-webhook]",
    null,
    (b) => `/console/api/webhooks/${encodeURIComponent(b.dataset.enableWebhook)}/enable`,
    () => location.reload(),
  );
}

/** Sending a delivery again from an endpoint's page. */
function deliveriesPage() {
  const status = document.getElementById("webhook-status");
  for (const button of document.querySelectorAll("button[data-replay]")) {
    button.addEventListener("click", async () => {
      try {
        const { endpoint, replay } = button.dataset;
        await api(`/console/api/webhooks/${encodeURIComponent(endpoint)}/deliveries/${encodeURIComponent(replay)}/replay`);
        status.textContent = `${replay} will be sent again within seconds; reload to see how it went.`;
      } catch (error) {
        status.textContent = error.message;
      }
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.querySelector("main[data-page]")?.dataset.page;
  if (page === "integrations") {
    integrationsPage();
    webhooksSection();
  }
  if (page === "webhook") deliveriesPage();
});
