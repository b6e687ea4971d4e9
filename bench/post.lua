-- wrk script: POST the body in $BENCH_BODY as a CDS Hooks call; print the figures as one JSON line.
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept-Language"] = os.getenv("BENCH_LANGUAGE") or "nl"

-- With $BENCH_TOKENS (one JWT a line), each request sends the next token: every token is used
-- once, as the service's jti replay guard requires. Run out, a token is sent again (a 401).
local tokens = {}
local tokens_file = os.getenv("BENCH_TOKENS")
if tokens_file then
  for line in io.lines(tokens_file) do
    tokens[#tokens + 1] = line
  end
  local next_token = 0
  local headers = nil
  function request()
    if headers == nil then
      headers = {}
      for name, value in pairs(wrk.headers) do headers[name] = value end
    end
    next_token = next_token % #tokens + 1
    headers["Authorization"] = "Bearer " .. tokens[next_token]
    return wrk.format(nil, nil, headers)
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, ' ..
    '"non_2xx": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout))
end
