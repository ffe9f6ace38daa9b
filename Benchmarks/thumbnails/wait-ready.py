"""Waits until every uploaded file has left `pending`, asking the internal files API over one kept-alive
connection, and prints how many ended anything but `ready`. One process polling every 20 ms: the observer must not
tax the two cores the measured services share (a curl | grep | cut pipeline per poll took 5 % of them).
Usage: wait-ready.py PORT ADMIN_TOKEN IDS_FILE"""
import http.client
import json
import sys
import time


def main() -> None:
    port, admin, ids_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(ids_file) as handle:
        ids = [line.strip() for line in handle if line.strip()]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    failed = 0
    for file_id in ids:
        while True:
            connection.request("GET", f"/internal/files/{file_id}", headers={"Authorization": f"Bearer {admin}"})
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"GET /internal/files/{file_id}: HTTP {response.status} {body[:200]!r}")
            state = json.loads(body).get("processing")
            if state != "pending":
                break
            time.sleep(0.02)
        if state != "ready":
            failed += 1
    print(failed)


main()
