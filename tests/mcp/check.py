"""Drives a blocks app's MCP server with the official MCP Python SDK and prints one JSON object
of findings on its last line.

Usage: check.py SCENARIO URL   (URL: the app's root, with a trailing /)
"""
import asyncio
import base64
import io
import json
import sys

import httpx
from mcp import ClientSession
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamablehttp_client
from mcp.shared.exceptions import McpError


def texts(result):
    return [c.text for c in result.content if c.type == "text"]


async def http_session(url, body):
    async with streamablehttp_client(url + "gradio_api/mcp/") as (read, write, get_id):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            return await body(session, init, get_id)


async def echo(url):
    async def body(session, init, get_id):
        tools = (await session.list_tools()).tools
        by_name = {t.name: t for t in tools}
        result = await session.call_tool("echo", {"text": "hello"})
        return {
            "protocol": init.protocolVersion,
            "server": init.serverInfo.name,
            "session_id": get_id(),
            "tools": sorted(by_name),
            "description": by_name["echo"].description,
            "schema": by_name["echo"].inputSchema,
            "result": texts(result),
            "is_error": result.isError,
        }

    return await http_session(url, body)


async def errors(url):
    async def body(session, init, get_id):
        found = {}
        wrong = await session.call_tool("echo", {"text": 5})
        found["wrong_type"] = [wrong.isError, texts(wrong)]
        missing = await session.call_tool("echo", {})
        found["missing"] = [missing.isError, texts(missing)]
        failed = await session.call_tool("fail", {"text": "x"})
        found["handler_error"] = [failed.isError, texts(failed)]
        try:
            await session.call_tool("nope", {})
            found["unknown_tool"] = "no error"
        except McpError as err:
            found["unknown_tool"] = [err.error.code, err.error.message]
        # The session still works after all of that.
        ok = await session.call_tool("echo", {"text": "still here"})
        found["after"] = texts(ok)
        return found

    return await http_session(url, body)


async def progress(url):
    async def body(session, init, get_id):
        found = {}
        for tool, args in [("stream", {"prompt": "tok"}), ("count", {"steps": 3})]:
            notes = []

            async def on_progress(progress, total, message):
                notes.append([progress, message])

            result = await session.call_tool(tool, args, progress_callback=on_progress)
            found[tool] = {"result": texts(result), "notes": notes}
        return found

    return await http_session(url, body)


async def cart(url):
    async def add_then_size(items_per_call):
        async def body(session, init, get_id):
            for items in items_per_call:
                await session.call_tool("add_items", {"new_items": items})
            size = await session.call_tool("cart_size", {})
            return texts(size)

        return await http_session(url, body)

    return {
        "a": await add_then_size([["Milk"], ["Water", "Cereal"]]),
        "b": await add_then_size([["Milk"]]),
    }


async def sse(url):
    async with sse_client(url + "gradio_api/mcp/sse") as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            tools = (await session.list_tools()).tools
            result = await session.call_tool("echo", {"text": "over sse"})
            return {
                "protocol": init.protocolVersion,
                "tools": sorted(t.name for t in tools),
                "result": texts(result),
            }


async def raw(url):
    mcp = url + "gradio_api/mcp/"
    found = {}
    async with httpx.AsyncClient() as client:
        page = await client.get(mcp, headers={"accept": "text/html"})
        found["landing"] = [page.status_code, mcp in page.text]
        stream = await client.get(mcp, headers={"accept": "text/event-stream"})
        found["get_stream"] = stream.status_code
        gone = await client.post(
            mcp,
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={"mcp-session-id": "not-a-session"},
        )
        found["unknown_session"] = gone.status_code
        bad = await client.post(mcp, content=b"{not json", headers={"content-type": "application/json"})
        found["not_json"] = [bad.status_code, bad.json()["error"]["code"]]
        init = await client.post(
            mcp,
            json={"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-06-18", "capabilities": {},
                "clientInfo": {"name": "raw", "version": "0"}}},
        )
        session = init.headers["mcp-session-id"]
        found["initialize"] = init.json()["result"]["protocolVersion"]
        ended = await client.delete(mcp, headers={"mcp-session-id": session})
        after = await client.post(
            mcp,
            json={"jsonrpc": "2.0", "id": 2, "method": "ping"},
            headers={"mcp-session-id": session},
        )
        found["delete"] = [ended.status_code, after.status_code]
        found["config_mcp"] = (await client.get(url + "config")).json()["mcp_server"]
        schema = await client.get(mcp + "schema")
        found["schema"] = [t["name"] for t in schema.json()]
    return found


def png_data_url(width, height):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 100, 50)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def image_of(result):
    """The (mime type, width, height) of the result's image content, and its URL text."""
    from PIL import Image

    images = [c for c in result.content if c.type == "image"]
    if not images:
        return None, texts(result)
    image = Image.open(io.BytesIO(base64.b64decode(images[0].data)))
    return [images[0].mimeType, image.format, image.size[0], image.size[1]], texts(result)


async def media(url):
    async def body(session, init, get_id):
        found = {}
        tools = {t.name: t for t in (await session.list_tools()).tools}
        found["sepia_schema"] = tools["sepia"].inputSchema
        by_data = await session.call_tool("sepia", {"image": png_data_url(3, 2)})
        found["by_data"] = [by_data.isError, *image_of(by_data)]
        # The output's URL, as an agent would pass it on to the next tool.
        served = next(t for t in texts(by_data) if t.startswith("Image URL: "))
        by_url = await session.call_tool("sepia", {"image": served[len("Image URL: "):]})
        found["by_url"] = [by_url.isError, *image_of(by_url)]
        for key, argument in [
            ("remote", "https://example.com/a.png"),
            ("not_base64", "data:image/png;base64,%%%"),
            ("not_a_url", "/etc/hostname"),
            ("not_served", url + "gradio_api/file=/etc/hostname"),
        ]:
            bad = await session.call_tool("sepia", {"image": argument})
            found[key] = [bad.isError, texts(bad)]
        text = "data:text/plain;base64," + base64.b64encode(b"hello, file").decode()
        info = await session.call_tool("file_info", {"file": text})
        found["file_info"] = [info.isError, texts(info)]
        found["file_schema"] = tools["file_info"].inputSchema
        return found

    return await http_session(url, body)


async def too_large(url):
    async def body(session, init, get_id):
        data = "data:image/png;base64," + base64.b64encode(bytes(1000)).decode()
        big = await session.call_tool("sepia", {"image": data})
        return [big.isError, texts(big)]

    return await http_session(url, body)


SCENARIOS = {f.__name__: f for f in [echo, errors, progress, cart, sse, raw, media, too_large]}

if __name__ == "__main__":
    scenario, url = sys.argv[1], sys.argv[2]
    print(json.dumps(asyncio.run(SCENARIOS[scenario](url))))
