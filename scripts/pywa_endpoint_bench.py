"""pywa's endpoint crypto on the shared known-answer vectors: decrypt request + encrypt response.

Usage: python3 scripts/pywa_endpoint_bench.py [../shared/vectors/flow-endpoint.json]
Needs `pip install pywa cryptography`. Prints the median per-request time over several runs,
for comparison with `cargo bench -p flow-dsl --bench endpoint` (same machine, same sitting).
"""
import json, statistics, sys, time
from pywa.utils import default_flow_request_decryptor, default_flow_response_encryptor

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/vectors/flow-endpoint.json"
v = json.load(open(path))
req = v["request"]
key, pw = v["rsa_private_key_pem"], v["rsa_private_key_password"]

# Sanity: the vector decrypts to the expected request.
data, aes_key, iv = default_flow_request_decryptor(req["encrypted_flow_data"], req["encrypted_aes_key"], req["initial_vector"], key, pw)
assert data == v["request_decrypted"], data

def one():
    d, k, i = default_flow_request_decryptor(req["encrypted_flow_data"], req["encrypted_aes_key"], req["initial_vector"], key, pw)
    return default_flow_response_encryptor({"version": "3.0", "screen": "SUCCESS", "data": {"key": "value"}}, k, i)

runs = []
for _ in range(7):
    n = 200
    t0 = time.perf_counter()
    for _ in range(n):
        one()
    runs.append((time.perf_counter() - t0) / n)
print(f"pywa decrypt+encrypt per request: median {statistics.median(runs)*1e3:.3f} ms (min {min(runs)*1e3:.3f}, max {max(runs)*1e3:.3f})")
