-- wrk script: POST a JSON body taken from the BENCH_BODY environment variable.
-- Set at load time (not in init()) so wrk keeps its pre-built static request
-- and the load generator pays no per-request Lua call.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or error("BENCH_BODY is not set")
wrk.headers["Content-Type"] = "application/json"
