"""CDS Hooks 2.0 request and response models, with the spec's own field names.

Tolerant where we read (unknown members are ignored, as the spec asks) and strict where we
write (extra members forbidden, `summary` < 140 characters, required members present), so a
card that breaks the spec cannot leave the service.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    field_validator,
    model_validator,
)

# --- what we read -------------------------------------------------------------------------


class _Tolerant(BaseModel):
    """Incoming objects: ignore members we do not know, including `extension`."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class FhirAuthorization(_Tolerant):
    """The EHR's access token for its FHIR server; transient, never logged or stored."""

    access_token: SecretStr
    token_type: str = Field(pattern=r"^[Bb]earer$")
    expires_in: int
    scope: str
    subject: str
    patient: str | None = None


class HookRequest(_Tolerant):
    """The body of `POST /cds-services/{id}`."""

    hook: str = Field(min_length=1)
    # The spec says UUID; we accept any id up to the audit column's 200 characters, so an EHR
    # that numbers its calls otherwise still gets cards (README § Status codes).
    hook_instance: str = Field(alias="hookInstance", min_length=1, max_length=200)
    fhir_server: str | None = Field(default=None, alias="fhirServer")
    fhir_authorization: FhirAuthorization | None = Field(default=None, alias="fhirAuthorization")
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None

    @field_validator("fhir_server")
    @classmethod
    def _absolute_http_url(cls, value: str | None) -> str | None:
        """`fhirServer` is the base URL we query with the EHR's token: absolute http(s) only.

        The allow-list decides which servers we call; this refuses what cannot be a base URL at
        all (a relative path, another scheme, a query), with 400 instead of a silent 412.
        """
        if value is None:
            return None
        try:
            parts = urlsplit(value)
            usable = (
                parts.scheme in ("http", "https")
                and bool(parts.hostname)
                and not parts.query
                and not parts.fragment
                and value == value.strip()
            )
        except ValueError:  # e.g. an unclosed IPv6 host
            usable = False
        if not usable:
            raise ValueError("fhirServer must be an absolute http(s) base URL")
        return value

    @model_validator(mode="after")
    def _authorization_needs_server(self) -> HookRequest:
        """Spec: `fhirServer` is REQUIRED when `fhirAuthorization` is sent (cds-r-1)."""
        if self.fhir_authorization is not None and self.fhir_server is None:
            raise ValueError("fhirServer is required when fhirAuthorization is present")
        return self


class _Strict(BaseModel):
    """Outgoing objects: no member outside the spec, and the spec's names on the wire."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Coding(_Strict):
    """A CDS Hooks Coding: `system` and `code` required, `display` where the spec needs it."""

    system: str
    code: str
    display: str | None = None


class OverrideReasonGiven(_Tolerant):
    """Feedback's override reason; the sandbox sends a reason without `display`."""

    reason: dict[str, Any] | None = None
    user_comment: str | None = Field(default=None, alias="userComment")

    @model_validator(mode="after")
    def _reason_or_comment(self) -> OverrideReasonGiven:
        """Spec cds-fb-3: an override reason has a reason, a user comment or both."""
        if not self.reason and not self.user_comment:
            raise ValueError("overrideReason needs a reason or a userComment")
        return self


class AcceptedSuggestion(_Tolerant):
    id: str = Field(min_length=1)


class FeedbackItem(_Tolerant):
    """One clinician outcome for one card (spec § Feedback)."""

    # The card's uuid; the store keeps 200 characters, and a longer one is no uuid of ours.
    card: str = Field(min_length=1, max_length=200)
    outcome: Literal["accepted", "overridden"]
    accepted_suggestions: list[AcceptedSuggestion] | None = Field(
        default=None, alias="acceptedSuggestions"
    )
    override_reason: OverrideReasonGiven | None = Field(default=None, alias="overrideReason")
    outcome_timestamp: datetime = Field(alias="outcomeTimestamp")

    @field_validator("outcome_timestamp")
    @classmethod
    def _instant_in_utc(cls, value: datetime) -> datetime:
        """An RFC 3339 instant, kept in UTC: any offset, but never a naive local time.

        Converting here also refuses an instant that UTC cannot hold (9999-12-31T23:59:59-14:00)
        as a 400, where the store's conversion would have failed with a 500.
        """
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("outcomeTimestamp needs a time zone offset, e.g. Z")
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError) as exc:
            raise ValueError("outcomeTimestamp is out of range") from exc

    @model_validator(mode="after")
    def _accepted_names_its_suggestions(self) -> FeedbackItem:
        """Spec cds-fb-2: an accepted outcome lists the accepted suggestions."""
        if self.outcome == "accepted" and not self.accepted_suggestions:
            raise ValueError("acceptedSuggestions is required when outcome is 'accepted'")
        return self


class FeedbackRequest(_Tolerant):
    """The body of `POST /cds-services/{id}/feedback`."""

    feedback: list[FeedbackItem] = Field(min_length=1)


# --- what we send -------------------------------------------------------------------------


class Source(_Strict):
    """Where a card's advice comes from; `label` is always present."""

    label: str = Field(min_length=1)
    url: str | None = None
    icon: str | None = None
    topic: Coding | None = None


class Action(_Strict):
    """A change the EHR applies when the clinician accepts a suggestion."""

    type: Literal["create", "update", "delete"]
    description: str = Field(min_length=1)
    resource: dict[str, Any] | None = None
    resource_id: str | None = Field(default=None, alias="resourceId")

    @model_validator(mode="after")
    def _delete_by_id(self) -> Action:
        """Spec cds-resp-2: delete names `resourceId` and carries no resource."""
        if self.type == "delete" and (self.resource_id is None or self.resource is not None):
            raise ValueError("a delete action has resourceId and no resource")
        if self.type != "delete" and self.resource is None:
            raise ValueError("create and update actions carry the resource")
        return self


class Suggestion(_Strict):
    label: str = Field(min_length=1)
    uuid: str
    is_recommended: bool | None = Field(default=None, alias="isRecommended")
    actions: tuple[Action, ...] | None = Field(default=None, min_length=1)
    # Not on the wire: the branch (row id) this suggestion chooses, for the audit, so that
    # feedback analytics can name the branch a clinician picked (`audit_suggestion`).
    _branch: str | None = PrivateAttr(default=None)

    def for_branch(self, branch: str) -> Suggestion:
        """This suggestion, recorded in the audit as choosing `branch` (a row id)."""
        self._branch = branch
        return self

    @property
    def branch(self) -> str | None:
        return self._branch


class Link(_Strict):
    label: str = Field(min_length=1)
    url: str = Field(min_length=1)
    type: Literal["absolute", "smart"]
    app_context: str | None = Field(default=None, alias="appContext")
    autolaunchable: bool | None = None

    @model_validator(mode="after")
    def _app_context_only_for_smart(self) -> Link:
        """Spec cds-resp-3."""
        if self.app_context is not None and self.type != "smart":
            raise ValueError("appContext is only allowed on smart links")
        return self


class OverrideReason(_Strict):
    """An override reason we offer; the spec requires `display` (cds-resp-4)."""

    system: str
    code: str
    display: str = Field(min_length=1)


class Card(_Strict):
    """One card. `summary` is one sentence under 140 characters, as the spec requires."""

    uuid: str
    summary: str = Field(min_length=1, max_length=139)
    detail: str | None = Field(default=None, min_length=1)
    indicator: Literal["info", "warning", "critical"]
    source: Source
    suggestions: tuple[Suggestion, ...] | None = Field(default=None, min_length=1)
    selection_behavior: Literal["at-most-one", "any"] | None = Field(
        default=None, alias="selectionBehavior"
    )
    override_reasons: tuple[OverrideReason, ...] | None = Field(
        default=None, alias="overrideReasons", min_length=1
    )
    links: tuple[Link, ...] | None = Field(default=None, min_length=1)
    # Not on the wire: a hash of the values and evidence of the facts behind the card's row
    # (`hooks.cards.fingerprint`). A card dismissed with a reason is snoozed for these facts
    # only (service/snooze.py); None = the card cannot be snoozed.
    _facts_hash: str | None = PrivateAttr(default=None)

    def with_facts_hash(self, value: str | None) -> Card:
        """This card, carrying the fingerprint of the facts it was decided on."""
        self._facts_hash = value
        return self

    @property
    def facts_hash(self) -> str | None:
        return self._facts_hash

    @model_validator(mode="after")
    def _suggestions_need_selection_behavior(self) -> Card:
        """Spec cds-resp-6 and cds-resp-1."""
        if self.suggestions and self.selection_behavior is None:
            raise ValueError("selectionBehavior is required when there are suggestions")
        if self.selection_behavior == "at-most-one" and self.suggestions:
            recommended = sum(1 for s in self.suggestions if s.is_recommended)
            if recommended > 1:
                raise ValueError("at-most-one allows at most one recommended suggestion")
        return self


class CardsResponse(_Strict):
    """The service response: `cards` always, `systemActions` only when there are any."""

    cards: tuple[Card, ...]
    system_actions: tuple[Action, ...] | None = Field(
        default=None, alias="systemActions", min_length=1
    )


class ServiceDescription(_Strict):
    """One entry of the discovery response."""

    hook: str
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    description: str
    prefetch: dict[str, str] | None = None
    usage_requirements: str | None = Field(default=None, alias="usageRequirements")


class DiscoveryResponse(_Strict):
    services: tuple[ServiceDescription, ...] = Field(min_length=1)


def wire(model: BaseModel) -> dict[str, Any]:
    """The JSON form we send: spec names, and optional members omitted rather than null."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def wire_json(model: BaseModel) -> bytes:
    """`orjson.dumps(wire(model))`, the same bytes, serialised in one pass.

    The hook-call answer is written on every call: pydantic's own JSON serialiser writes it
    straight to bytes, where `wire` first builds every card as Python dicts and strings for
    orjson to walk again. Both format with the same rules (spec names, no nulls, the same
    number and string forms; tests/service/test_wire.py), and what the serialiser cannot write
    fails in both with its same error. One difference is left: an integer beyond 64 bits,
    which orjson refuses and no request can carry (orjson reads such a number as a float).
    """
    return type(model).__pydantic_serializer__.to_json(model, by_alias=True, exclude_none=True)
