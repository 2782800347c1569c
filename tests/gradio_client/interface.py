"""Drives an Interface and a ChatInterface with the real gradio_client and prints one JSON
object of findings.

Usage: interface.py SCENARIO URL
"""
import json
import sys

from gradio_client import Client


def interface(url):
    client = Client(url, verbose=False)
    api = client.view_api(print_info=False, return_format="dict")
    params = api["named_endpoints"]["/greet"]["parameters"]
    return {
        "endpoints": sorted(api["named_endpoints"]),
        "parameters": [p["parameter_name"] for p in params],
        "components": [p["component"] for p in params],
        "positional": client.predict("Ada", 2, False, api_name="/greet"),
        "named": client.predict(name="Bo", times=1, shout=True, api_name="/greet"),
    }


def chat(url):
    a = Client(url, verbose=False)
    b = Client(url, verbose=False)
    api = a.view_api(print_info=False, return_format="dict")
    params = api["named_endpoints"]["/respond"]["parameters"]
    job = a.submit("hi", "formal", api_name="/respond")
    items = [item for item in job]
    return {
        "endpoints": sorted(api["named_endpoints"]),
        "parameters": [p["parameter_name"] for p in params],
        "items": items,
        "first": job.result(),
        "second": a.predict("again", "friendly", api_name="/respond"),
        "other_client": b.predict(message="hello", tone="formal", api_name="/respond"),
    }


if __name__ == "__main__":
    scenario, url = sys.argv[1], sys.argv[2]
    print(json.dumps(globals()[scenario](url)))
