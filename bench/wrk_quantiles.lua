-- wrk script of bench/http_load.py: at the end of a run, writes its latency (microseconds) at every 0.1 % from
-- 0.1 % to 100 %, one per line, to the file WRK_QUANTILES names, so the turns of one URL merge into one distribution.
done = function(summary, latency, requests)
  local out = assert(io.open(os.getenv("WRK_QUANTILES"), "w"))
  for i = 1, 1000 do
    out:write(string.format("%d\n", latency:percentile(i / 10)))
  end
  out:close()
end
