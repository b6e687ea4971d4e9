// The draft-order catalogue: FHIR R4 orders as an EHR puts them in `context.draftOrders`.
// Codes as in the clinical model (SNOMED CT, ATC); the same shape as fixtures/build.py's mri_order.

const SCT = "http://snomed.info/sct";
const ATC = "http://www.whocc.no/atc";

function serviceRequest(id, category, coding, text) {
  return (patientId, userId, authoredOn) => ({
    resourceType: "ServiceRequest",
    id,
    status: "draft",
    intent: "order",
    priority: "routine",
    category: [{ coding: [category] }],
    code: { coding: [coding], text },
    subject: { reference: `Patient/${patientId}` },
    ...(userId ? { requester: { reference: userId } } : {}),
    authoredOn,
  });
}

function medicationRequest(id, codings, text) {
  return (patientId, userId, authoredOn) => ({
    resourceType: "MedicationRequest",
    id,
    status: "draft",
    intent: "order",
    medicationCodeableConcept: { coding: codings, text },
    subject: { reference: `Patient/${patientId}` },
    ...(userId ? { requester: { reference: userId } } : {}),
    authoredOn,
  });
}

/** id -> {label: {nl, en}, build(patientId, userId, authoredOn) -> FHIR R4 resource} */
export const CATALOGUE = {
  "mri-spine": {
    label: { nl: "MRI wervelkolom (SNOMED 241645008)", en: "MRI of the spine (SNOMED 241645008)" },
    build: serviceRequest(
      "draft-mri-spine",
      { system: SCT, code: "363679005", display: "Imaging" },
      { system: SCT, code: "241645008", display: "Magnetic resonance imaging of spine" },
      "MRI wervelkolom",
    ),
  },
  dexamethasone: {
    label: { nl: "Dexamethason (ATC H02AB02)", en: "Dexamethasone (ATC H02AB02)" },
    build: medicationRequest(
      "draft-dexamethasone",
      [
        { system: ATC, code: "H02AB02", display: "dexamethason" },
        { system: SCT, code: "372584003", display: "Dexamethasone (substance)" },
      ],
      "dexamethason",
    ),
  },
  radiotherapy: {
    label: { nl: "Radiotherapie (SNOMED 1217123003)", en: "Radiotherapy (SNOMED 1217123003)" },
    build: serviceRequest(
      "draft-radiotherapy",
      { system: SCT, code: "108290001", display: "Radiation oncology AND/OR radiotherapy" },
      { system: SCT, code: "1217123003", display: "Radiotherapy course of treatment" },
      "Radiotherapie",
    ),
  },
  referral: {
    label: { nl: "Verwijzing (SNOMED 3457005)", en: "Referral (SNOMED 3457005)" },
    build: serviceRequest(
      "draft-referral",
      { system: SCT, code: "3457005", display: "Patient referral" },
      { system: SCT, code: "3457005", display: "Patient referral" },
      "Verwijzing",
    ),
  },
  pembrolizumab: {
    label: {
      nl: "PD-1-remmer pembrolizumab (ATC L01FF02)",
      en: "PD-1 inhibitor pembrolizumab (ATC L01FF02)",
    },
    build: medicationRequest(
      "draft-pembrolizumab",
      [{ system: ATC, code: "L01FF02", display: "pembrolizumab" }],
      "pembrolizumab",
    ),
  },
};

/** The hooks whose context carries draft orders. */
export const ORDER_HOOKS = new Set(["order-select", "order-sign"]);

/** A draftOrders Bundle of the given orders (the spec's shape; type collection). */
export function draftOrdersBundle(orders) {
  return { resourceType: "Bundle", type: "collection", entry: orders.map((resource) => ({ resource })) };
}
