// The viewer's own labels in Dutch and English; card text comes from the service itself.

const TEXT = {
  nl: {
    skip: "Naar de kaarten",
    title: "CDS-kaartviewer",
    language: "Taal",
    request: "Aanroep",
    service: "Service",
    patientSource: "Patiëntgegevens",
    fromFixture: "Testpatiënt uit fixtures/",
    fromServer: "FHIR-server",
    fixture: "Testpatiënt (scenario)",
    bundle: "Als FHIR-transactiebundel downloaden",
    fhirUrl: "FHIR-basis-URL",
    fhirToken: "Toegangstoken (optioneel)",
    patientId: "Patiënt-id",
    userId: "Gebruiker (Practitioner/…)",
    browserPrefetch: "Prefetch in de viewer ophalen (zoals de meeste EPD's)",
    order: "Conceptorder",
    call: "Service aanroepen",
    cards: "Kaarten",
    developer: "Ontwikkelaarspaneel",
    rawRequest: "Verzoek",
    rawResponse: "Antwoord",
    rawFeedback: "Feedback",
    rawDiscovery: "Discovery",
    modeLocal: "Lokale demo: aanroepen zonder token",
    modeSigned: "Aanroepen ondertekend als {issuer}",
    modeUntrusted: "Aanroepen ondertekend als {issuer}, maar die uitgever staat niet in CDS_TRUSTED_ISSUERS: de service zal ze weigeren",
    modeUnsigned: "Aanroepen zonder token (geen ondertekeningssleutel ingesteld)",
    noFixtures: "Geen fixtures gevonden: gebruik een FHIR-server.",
    fixtureOther: "Scenario van {service}; de patiëntgegevens worden voor deze service hergebruikt.",
    orderFromFixture: "Zoals in de fixture",
    calling: "Bezig met aanroepen…",
    noCards: "Geen kaarten: de service gaf {\"cards\": []}.",
    cardCount: "{n} kaart(en) in {ms} ms.",
    failed: "Aanroep mislukt (HTTP {status}): {message}",
    networkError: "De service is niet bereikbaar: {message}",
    discoveryFailed: "Discovery mislukt (HTTP {status}): {message}",
    source: "Bron",
    topic: "regel",
    suggestions: "Suggesties",
    accept: "Accepteren",
    recommended: "aanbevolen",
    links: "Links",
    overrideReason: "Reden om af te wijzen",
    noReason: "(geen reden)",
    comment: "Toelichting (optioneel)",
    dismiss: "Afwijzen",
    accepted: "Geaccepteerd; feedback opgeslagen.",
    overridden: "Afgewezen; feedback opgeslagen.",
    feedbackFailed: "Feedback niet opgeslagen (HTTP {status}).",
    wouldApply: "Het EPD zou nu uitvoeren:",
    needUrl: "Vul de FHIR-basis-URL en het patiënt-id in.",
    redacted: "‹verborgen›",
    indicator: { info: "info", warning: "waarschuwing", critical: "kritiek" },
  },
  en: {
    skip: "Skip to the cards",
    title: "CDS card viewer",
    language: "Language",
    request: "Call",
    service: "Service",
    patientSource: "Patient data",
    fromFixture: "Fixture patient from fixtures/",
    fromServer: "FHIR server",
    fixture: "Fixture patient (scenario)",
    bundle: "Download as a FHIR transaction Bundle",
    fhirUrl: "FHIR base URL",
    fhirToken: "Access token (optional)",
    patientId: "Patient id",
    userId: "User (Practitioner/…)",
    browserPrefetch: "Prefetch in the viewer (as most EHRs do)",
    order: "Draft order",
    call: "Call service",
    cards: "Cards",
    developer: "Developer panel",
    rawRequest: "Request",
    rawResponse: "Response",
    rawFeedback: "Feedback",
    rawDiscovery: "Discovery",
    modeLocal: "Local demo: calls without a token",
    modeSigned: "Calls signed as {issuer}",
    modeUntrusted: "Calls signed as {issuer}, but that issuer is not in CDS_TRUSTED_ISSUERS: the service will refuse them",
    modeUnsigned: "Calls without a token (no signing key configured)",
    noFixtures: "No fixtures found: use a FHIR server.",
    fixtureOther: "Scenario of {service}; its patient data is reused for this service.",
    orderFromFixture: "As in the fixture",
    calling: "Calling…",
    noCards: "No cards: the service answered {\"cards\": []}.",
    cardCount: "{n} card(s) in {ms} ms.",
    failed: "Call failed (HTTP {status}): {message}",
    networkError: "The service cannot be reached: {message}",
    discoveryFailed: "Discovery failed (HTTP {status}): {message}",
    source: "Source",
    topic: "rule",
    suggestions: "Suggestions",
    accept: "Accept",
    recommended: "recommended",
    links: "Links",
    overrideReason: "Reason to dismiss",
    noReason: "(no reason)",
    comment: "Comment (optional)",
    dismiss: "Dismiss",
    accepted: "Accepted; feedback stored.",
    overridden: "Dismissed; feedback stored.",
    feedbackFailed: "Feedback not stored (HTTP {status}).",
    wouldApply: "The EHR would now apply:",
    needUrl: "Fill in the FHIR base URL and the patient id.",
    redacted: "‹redacted›",
    indicator: { info: "info", warning: "warning", critical: "critical" },
  },
};

let current = "nl";

export function setLanguage(language) {
  current = language in TEXT ? language : "nl";
  document.documentElement.lang = current;
  for (const node of document.querySelectorAll("[data-i18n]")) {
    node.textContent = t(node.dataset.i18n);
  }
}

export function language() {
  return current;
}

/** The label `key` in the current language, with `{name}` placeholders filled in. */
export function t(key, values = {}) {
  const text = TEXT[current][key] ?? TEXT.en[key] ?? key;
  if (typeof text !== "string") return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
