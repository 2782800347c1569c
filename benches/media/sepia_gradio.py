"""Gradio's equivalent of examples/image_filter.rs, for benches/media: Image -> Image sepia
(Gradio's own sepia demo), api_name "sepia", PNG outputs. Usage: sepia_gradio.py PORT"""
import sys

import gradio as gr
import numpy as np


def sepia(input_img):
    sepia_filter = np.array(
        [[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]]
    )
    sepia_img = input_img.dot(sepia_filter.T)
    sepia_img = np.clip(sepia_img, 0, 255).astype(np.uint8)
    return sepia_img


with gr.Blocks() as demo:
    image = gr.Image(label="Input")
    output = gr.Image(label="Sepia", format="png")
    button = gr.Button("Filter")
    button.click(sepia, image, output, api_name="sepia")

demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
