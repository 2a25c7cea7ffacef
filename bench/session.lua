-- wrk script: rotate over (path, session cookie) pairs and print the result as JSON.
-- The pairs come from the file named in BENCH_TARGETS: one "path<TAB>cookie" per line.
-- Each request takes the next pair, so the load is spread over several logged-in people.

local targets = {}
local file = assert(io.open(os.getenv("BENCH_TARGETS"), "r"))
for line in file:lines() do
  local path, cookie = line:match("^([^\t]+)\t?(.*)$")
  if path then
    targets[#targets + 1] = { path = path, cookie = cookie }
  end
end
file:close()

local counter = 0

function request()
  counter = counter + 1
  local target = targets[(counter % #targets) + 1]
  local headers = { ["User-Agent"] = "eigen-regie-bench" }
  if target.cookie ~= "" then
    headers["Cookie"] = "er_session=" .. target.cookie
  end
  return wrk.format("GET", target.path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_status": %d, ' ..
    '"errors_timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
