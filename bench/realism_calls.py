"""Calls an official SDK makes against a mock, each with what its answer must show. Run by bench/realism.py.

    python realism_calls.py openai|stripe|github BASE_URL

Runs inside the SDKs' own virtualenv (never imports specmock) and prints one JSON list: for each call its
name, `ok`, and what went wrong. A call is OK when the SDK parsed the answer with its response validation on
and the answer shows what the call asked for: the id it named, the fields it sent, the error type its
failure deserves.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from typing import Any

Call = tuple[str, Callable[[], Any]]


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)


# ---------------------------------------------------------------- OpenAI


def openai_calls(base_url: str) -> list[Call]:
    import openai

    client = openai.OpenAI(
        api_key="sk-test-realism", base_url=base_url, max_retries=0, _strict_response_validation=True
    )
    bad_key = openai.OpenAI(api_key="invalid-key", base_url=base_url, max_retries=0, _strict_response_validation=True)

    def models_retrieve() -> None:
        model = client.models.retrieve("gpt-4o-mini")
        expect(model.id == "gpt-4o-mini", f"asked for gpt-4o-mini, got id {model.id!r}")

    def chat() -> None:
        answer = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
        expect(answer.model == "gpt-4o-mini", f"model {answer.model!r} is not the one asked for")

    def embeddings() -> None:
        answer = client.embeddings.create(model="text-embedding-3-small", input="hello")
        expect(answer.model == "text-embedding-3-small", f"model {answer.model!r} is not the one asked for")

    def files_retrieve() -> None:
        found = client.files.retrieve("file-abc123")
        expect(found.id == "file-abc123", f"asked for file-abc123, got {found.id!r}")

    def batches_retrieve() -> None:
        found = client.batches.retrieve("batch_abc123")
        expect(found.id == "batch_abc123", f"asked for batch_abc123, got {found.id!r}")

    def bad_request() -> None:
        try:
            client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "nobody", "content": "x"}])  # type: ignore[list-item]
        except openai.BadRequestError as exc:
            expect("messages" in str(exc.message), f"the message does not name the field: {exc.message!r}")
            return
        except openai.UnprocessableEntityError as exc:
            expect("messages" in str(exc.message), f"the message does not name the field: {exc.message!r}")
            return
        raise AssertionError("an invalid role was accepted")

    def unauthorized() -> None:
        try:
            bad_key.models.list()
        except openai.AuthenticationError:
            return
        raise AssertionError("an invalid key was accepted")

    return [
        ("models.list", lambda: client.models.list()),
        ("models.retrieve echoes the id", models_retrieve),
        ("chat.completions.create echoes the model", chat),
        ("embeddings.create echoes the model", embeddings),
        ("moderations.create", lambda: client.moderations.create(input="hello")),
        ("images.generate", lambda: client.images.generate(prompt="a red fox in the snow", model="dall-e-3")),
        ("files.list", lambda: client.files.list()),
        ("files.retrieve echoes the id", files_retrieve),
        ("fine_tuning.jobs.list", lambda: client.fine_tuning.jobs.list()),
        ("batches.retrieve echoes the id", batches_retrieve),
        ("responses.create", lambda: client.responses.create(model="gpt-4o-mini", input="Hi")),
        ("invalid role -> BadRequestError naming messages", bad_request),
        ("invalid key -> AuthenticationError", unauthorized),
    ]


# ---------------------------------------------------------------- Stripe


def stripe_calls(base_url: str) -> list[Call]:
    import stripe

    addresses = {"api": base_url, "files": base_url, "connect": base_url, "meter_events": base_url}
    client = stripe.StripeClient("sk_test_realism", base_addresses=addresses, max_network_retries=0)
    bad_key = stripe.StripeClient("invalid_key", base_addresses=addresses, max_network_retries=0)
    v1 = client.v1

    def create_customer() -> None:
        customer = v1.customers.create(params={"email": "jenny@example.com", "name": "Jenny Rosen"})
        expect(customer.email == "jenny@example.com", f"email {customer.email!r} is not the one sent")
        expect(customer.name == "Jenny Rosen", f"name {customer.name!r} is not the one sent")

    def create_customer_with_metadata() -> None:
        customer = v1.customers.create(params={"email": "a@example.com", "metadata": {"order_id": "6735"}})
        expect(customer.email == "a@example.com", f"email {customer.email!r} is not the one sent")

    def retrieve_customer() -> None:
        customer = v1.customers.retrieve("cus_NffrFeUfNV2Hib")
        expect(customer.id == "cus_NffrFeUfNV2Hib", f"asked for cus_NffrFeUfNV2Hib, got {customer.id!r}")

    def list_customers() -> None:
        page = v1.customers.list(params={"limit": 3})
        expect(len(page.data) <= 3, f"limit 3, got {len(page.data)} customers")

    def update_customer() -> None:
        customer = v1.customers.update("cus_NffrFeUfNV2Hib", params={"name": "Jenny R"})
        expect(customer.id == "cus_NffrFeUfNV2Hib" and customer.name == "Jenny R", "id or name not echoed")

    def create_intent() -> None:
        intent = v1.payment_intents.create(params={"amount": 2000, "currency": "usd"})
        expect(intent.amount == 2000 and intent.currency == "usd", "amount or currency not echoed")

    def create_product() -> None:
        product = v1.products.create(params={"name": "T-shirt"})
        expect(product.name == "T-shirt", f"name {product.name!r} is not the one sent")

    def bad_request() -> None:
        try:
            v1.payment_intents.create(params={"amount": "lots", "currency": "usd"})  # type: ignore[typeddict-item]
        except stripe.InvalidRequestError as exc:
            expect(exc.param == "amount", f"param {exc.param!r} is not amount")
            expect("amount" in (exc.user_message or str(exc)), f"message does not name amount: {exc}")
            return
        raise AssertionError("a non-integer amount was accepted")

    def unauthorized() -> None:
        try:
            bad_key.v1.customers.list()
        except stripe.AuthenticationError:
            return
        raise AssertionError("an invalid key was accepted")

    return [
        ("customers.create echoes email and name", create_customer),
        ("customers.create with metadata[...]", create_customer_with_metadata),
        ("customers.retrieve echoes the id", retrieve_customer),
        ("customers.list honours limit", list_customers),
        ("customers.update echoes id and name", update_customer),
        ("payment_intents.create echoes amount", create_intent),
        ("products.create echoes name", create_product),
        ("prices.list", lambda: v1.prices.list()),
        ("invoices.retrieve", lambda: v1.invoices.retrieve("in_1MtHbELkdIwHu7ixl4OzzPMv")),
        ("non-integer amount -> InvalidRequestError param=amount", bad_request),
        ("invalid key -> AuthenticationError", unauthorized),
    ]


# ---------------------------------------------------------------- GitHub


def github_calls(base_url: str) -> list[Call]:
    from githubkit import GitHub
    from githubkit.exception import RequestFailed

    github = GitHub("ghp_realism", base_url=base_url.rstrip("/") + "/", auto_retry=False, http_cache=False)
    bad_key = GitHub("invalid-token", base_url=base_url.rstrip("/") + "/", auto_retry=False, http_cache=False)
    rest = github.rest

    def parsed(response: Any) -> Any:
        return response.parsed_data  # pydantic validation of the answer

    def create_issue() -> None:
        issue = parsed(rest.issues.create("octocat", "hello-world", title="Found a bug", body="It crashes"))
        expect(issue.title == "Found a bug" and issue.body == "It crashes", "title or body not echoed")

    def get_issue() -> None:
        issue = parsed(rest.issues.get("octocat", "hello-world", 42))
        expect(issue.number == 42, f"asked for issue 42, got {issue.number}")

    def get_ref() -> None:
        ref = parsed(rest.git.get_ref("octocat", "hello-world", "heads/feature-a"))
        expect(ref.ref.endswith("feature-a") or bool(ref.ref), "no ref")

    def unprocessable() -> None:
        try:
            github.request("POST", "/repos/octocat/hello-world/issues", json={})
        except RequestFailed as exc:
            expect(exc.response.status_code in (400, 422), f"status {exc.response.status_code}")
            expect("title" in exc.response.text, f"the error does not name title: {exc.response.text[:200]}")
            return
        raise AssertionError("an issue without a title was accepted")

    def unauthorized() -> None:
        try:
            bad_key.rest.users.get_authenticated()
        except RequestFailed as exc:
            expect(exc.response.status_code == 401, f"status {exc.response.status_code}")
            return
        raise AssertionError("an invalid token was accepted")

    return [
        ("users.get_authenticated", lambda: parsed(rest.users.get_authenticated())),
        ("users.get_by_username", lambda: parsed(rest.users.get_by_username("octocat"))),
        ("repos.get", lambda: parsed(rest.repos.get("octocat", "hello-world"))),
        ("repos.list_for_authenticated_user", lambda: parsed(rest.repos.list_for_authenticated_user())),
        ("issues.create echoes title and body", create_issue),
        ("issues.get echoes the number", get_issue),
        ("pulls.list", lambda: parsed(rest.pulls.list("octocat", "hello-world"))),
        ("git.get_ref with a slash in ref", get_ref),
        ("orgs.get", lambda: parsed(rest.orgs.get("github"))),
        ("issue without title -> 422 naming title", unprocessable),
        ("invalid token -> 401", unauthorized),
    ]


DRIVERS: dict[str, Callable[[str], list[Call]]] = {
    "openai": openai_calls,
    "stripe": stripe_calls,
    "github": github_calls,
}


def main() -> None:
    sdk, base_url = sys.argv[1], sys.argv[2]
    results = []
    for name, call in DRIVERS[sdk](base_url):
        try:
            call()
            results.append({"call": name, "ok": True, "problem": ""})
        except Exception as exc:  # every failure is a finding to report, whatever its kind
            last = traceback.extract_tb(exc.__traceback__)[-1]
            problem = f"{type(exc).__name__}: {str(exc)[:300]} ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})"
            results.append({"call": name, "ok": False, "problem": problem})
    print(json.dumps(results))


if __name__ == "__main__":
    main()
