"""Drives a blocks media app with the real gradio_client (handle_file uploads, outputs are
downloaded) and prints one JSON object of findings. Usage: check.py SCENARIO URL"""
import json
import os
import sys
import tempfile

from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError, ValidationError


def file_info(url):
    client = Client(url, verbose=False)
    path = os.path.join(tempfile.mkdtemp(), "hello.txt")
    with open(path, "wb") as f:
        f.write(b"hello from python")
    api = client.view_api(print_info=False, return_format="dict")
    parameter = api["named_endpoints"]["/file_info"]["parameters"][0]
    found = {
        "predict": client.predict(handle_file(path), api_name="/file_info"),
        "component": parameter["component"],
        "python_type": parameter["python_type"]["type"],
    }
    return found


def reports(url):
    client = Client(url, verbose=False)
    files, download = client.predict("a,b", api_name="/reports")
    return {
        "contents": [open(f).read() for f in files],
        "names": [os.path.basename(f) for f in files],
        "download": open(download).read(),
    }


def image(url):
    client = Client(url, verbose=False)
    source = sys.argv[3]
    out = client.predict(handle_file(source), api_name="/sepia")
    found = {"output": out, "exists": os.path.exists(out)}
    with open(out, "rb") as f:
        found["magic"] = f.read(8).hex()
    not_image = os.path.join(tempfile.mkdtemp(), "fake.png")
    with open(not_image, "wb") as f:
        f.write(b"this is not a png")
    try:
        client.predict(handle_file(not_image), api_name="/sepia")
        found["not_image"] = "no error"
    except (ValidationError, AppError) as err:
        found["not_image"] = type(err).__name__ + ": " + str(err)
    return found


def audio(url):
    client = Client(url, verbose=False)
    outputs = []
    for source in sys.argv[3:]:
        # The downloaded file's path (its bytes would not fit a pipe's buffer as JSON).
        outputs.append(client.predict(handle_file(source), api_name="/reverse"))
    return {"outputs": outputs}


if __name__ == "__main__":
    scenario, url = sys.argv[1], sys.argv[2]
    print(json.dumps(globals()[scenario](url)))
