"""The timing half of bench/department_oracle.sh: PORT CASEWORKER_TOKEN SOF_TOKEN."""
import http.client
import json
import statistics
import sys
import time
import uuid

port, caseworker, sof = int(sys.argv[1]), sys.argv[2], sys.argv[3]
connection = http.client.HTTPConnection("127.0.0.1", port)
connection.request("POST", "/v1/complaints",
                   json.dumps({"channel": "LETTER", "complainant": {"name": "J", "email": "j@example.dk"},
                               "department": "BUF", "subject": "s", "description": "d"}),
                   {"Authorization": "Bearer " + caseworker, "Content-Type": "application/json"})
response = connection.getresponse()
case = json.loads(response.read())["id"]
missing = str(uuid.uuid4())
body = json.dumps({"name": "record_department_answer", "input": {"department_answer": "x"}})


def once(target, version):
    start = time.perf_counter()
    connection.request("POST", f"/v1/complaints/{target}/transitions", body,
                       {"Authorization": "Bearer " + sof, "Content-Type": "application/json",
                        "If-Match": f'"{version}"'})
    answer = connection.getresponse()
    answer.read()
    if answer.status != 404:
        sys.exit(f"expected 404, got {answer.status}")
    return (time.perf_counter() - start) * 1e6


cases = {"another department's case, its version": (case, 1),
         "another department's case, wrong version": (case, 2),
         "a missing case": (missing, 1)}
names = list(cases)
times = {name: [] for name in names}
# Request by request in turn, so that whatever the machine does meanwhile
# falls on all three alike.
for i in range(10_300):
    for name in names[i % 3:] + names[:i % 3]:
        elapsed = once(*cases[name])
        if i >= 300:  # warm-up
            times[name].append(elapsed)
baseline = statistics.median(times["a missing case"])
for name in names:
    value = statistics.median(times[name])
    print(f"{name:42s} {value:8.1f} us  ({value / baseline:.2f} x a missing case), median of {len(times[name])}")
