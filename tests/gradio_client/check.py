"""Drives a blocks app with the real gradio_client and prints one JSON object of findings.

Usage: check.py SCENARIO URL
"""
import json
import sys

from gradio_client import Client
from gradio_client.exceptions import AppError, ValidationError


def echo(url):
    client = Client(url, verbose=False)
    api = client.view_api(print_info=False, return_format="dict")
    params = api["named_endpoints"]["/echo"]["parameters"]
    return {
        "predict": client.predict("hello", api_name="/echo"),
        "endpoints": sorted(api["named_endpoints"]),
        "parameter_component": params[0]["component"],
        "view_api_text": client.view_api(print_info=False, return_format="str"),
    }


def cart(url):
    a = Client(url, verbose=False)
    b = Client(url, verbose=False)
    first = a.predict(["Milk"], api_name="/add_items")
    a.predict(["Water", "Cereal"], api_name="/add_items")
    b.predict(["Milk"], api_name="/add_items")
    return {
        "add_returns": repr(first),
        "a_size": a.predict(api_name="/cart_size"),
        "b_size": b.predict(api_name="/cart_size"),
    }


def stream(url):
    client = Client(url, verbose=False)
    job = client.submit("tok", api_name="/stream")
    items = [item for item in job]
    return {"items": items, "outputs": job.outputs(), "result": job.result()}


def errors(url):
    client = Client(url, verbose=False)
    found = {}
    try:
        client.predict(5, api_name="/echo")
        found["wrong_type"] = "no error"
    except ValidationError as err:
        found["wrong_type"] = "ValidationError: " + str(err)
    try:
        client.predict("x", api_name="/fail")
        found["handler_error"] = "no error"
    except AppError as err:
        found["handler_error"] = "AppError: " + str(err)
    return found


def rating(url):
    client = Client(url, verbose=False)
    api = client.view_api(print_info=False, return_format="dict")
    param = api["named_endpoints"]["/rate"]["parameters"][0]
    found = {
        "predict": client.predict(5, api_name="/rate"),
        "component": param["component"],
        "python_type": param["python_type"]["type"],
    }
    try:
        client.predict(7, api_name="/rate")
        found["out_of_range"] = "no error"
    except ValidationError as err:
        found["out_of_range"] = "ValidationError: " + str(err)
    return found


if __name__ == "__main__":
    scenario, url = sys.argv[1], sys.argv[2]
    print(json.dumps(globals()[scenario](url)))
