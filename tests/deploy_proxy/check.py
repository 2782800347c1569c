"""gradio_client through nginx: the login app at a sub-path, and a mounted app.

Usage: check.py LOGIN_APP_URL MOUNTED_APP_URL IMAGE_APP_URL PNG_FILE; prints its findings as
JSON on its last line.
"""

import json
import sys

from gradio_client import Client, handle_file

login_url, mounted_url, image_url, picture = sys.argv[1:5]
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

# An image uploaded and the output image downloaded under the prefix.
images = Client(image_url, verbose=False)
output = images.predict(handle_file(picture), api_name="/sepia")
with open(output, "rb") as downloaded:
    found["sepia"] = {"png": downloaded.read(8) == b"\x89PNG\r\n\x1a\n"}
print(json.dumps(found))
