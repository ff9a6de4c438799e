"""The scenario subsystem: rules in, a decision out, state behind one store.

Scenario files are read and checked (`loading`), rules decided on purely (`decision`) with
domain behaviour in `effects/`, and the one mutable store (`store`) commits what they return.
`engine` ties them to the HTTP pipeline.
"""
