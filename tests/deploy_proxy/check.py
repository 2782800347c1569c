"""gradio_client through nginx: the login app at a sub-path, and a mounted app.

Usage: check.py LOGIN_APP_URL MOUNTED_APP_URL; prints its findings as JSON on its last line.
"""

import json
import sys

from gradio_client import Client

login_url, mounted_url = sys.argv[1], sys.argv[2]
found = {}

try:
    Client(login_url, verbose=False)
    found["anonymous"] = "connected"
except Exception as err:  # the client's AuthenticationError (its module moved between versions)
    found["anonymous"] = type(err).__name__

try:
    Client(login_url, auth=("alice", "guess"), verbose=False)
    found["wrong_password"] = "connected"
except Exception as err:
    found["wrong_password"] = type(err).__name__

client = Client(login_url, auth=("alice", "wonderland"), verbose=False)
found["echo"] = client.predict("hi", api_name="/echo")
job = client.submit("streamed", api_name="/echo")
found["submitted"] = job.result(timeout=30)

mounted = Client(mounted_url, verbose=False)
found["reverse"] = mounted.predict("abc", api_name="/reverse")
print(json.dumps(found))
