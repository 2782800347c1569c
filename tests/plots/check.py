"""Calls the plots test app (tests/plots/apps.rs) with the real gradio_client and prints one
JSON object of findings.

Usage: check.py URL
"""
import json
import sys

from gradio_client import Client
from gradio_client.exceptions import ValidationError


def main(url):
    client = Client(url, verbose=False)
    api = client.view_api(print_info=False, return_format="dict")
    table = {"columns": ["x", "y"], "data": [[1, 2], [2, 4]],
             "datatypes": {"x": "quantitative", "y": "quantitative"}, "mark": "line"}
    spans = [{"token": "Paris", "class_or_confidence": "LOC"},
             {"token": " is", "class_or_confidence": None}]
    found = {
        "line": client.predict(table, api_name="/line"),
        "bar": client.predict(table, api_name="/bar"),
        "date": client.predict("2024-02-28 12:00:00", api_name="/date"),
        "color": client.predict("#FF8800", api_name="/color"),
        "spans": client.predict(spans, api_name="/spans"),
        "code": client.predict("print('hi')", api_name="/code"),
        "components": {name: e["parameters"][0]["component"]
                       for name, e in api["named_endpoints"].items()},
    }
    for name, api_name, bad in [("bad_color", "/color", "orange"),
                                ("bad_date", "/date", "2024-13-01")]:
        try:
            client.predict(bad, api_name=api_name)
            found[name] = "no error"
        except ValidationError as err:
            found[name] = "ValidationError: " + str(err)
    return found


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
