"""Effects: the domain behaviours a rule can run, as data in, data out.

An effect reads the state (never writes it), the request and what earlier rules of the same
decision found, and returns variables for the rule's templates, the state changes to make,
and possibly an error that ends the decision. Each domain lives in one module: wallet
(balances, charges, refunds, pricing), jobs (async lifecycles), resources (stateful CRUD),
rate_limit (token buckets), callbacks (deliveries queued when a job ends), oauth (authorization
codes and tokens).

base.py declares what an effect is; registry.py collects every module's effects and the state
namespaces they keep, so nothing outside this package knows a domain's internals.
"""
