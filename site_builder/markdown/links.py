"""Keep every view-time request inside the site: images hosted elsewhere become links."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import cast

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML, RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def external_images_as_links(md: MarkdownIt) -> None:
    """Render `![alt](https://elsewhere/x.png)` as a link to the image, not an `<img>`."""
    renderer_html = cast(RendererHTML, md.renderer)
    default_image = renderer_html.rules.get("image")

    def render_image(
        renderer: RendererProtocol,
        tokens: Sequence[Token],
        index: int,
        options: OptionsDict,
        env: EnvType,
    ) -> str:
        token = tokens[index]
        source = str(token.attrGet("src") or "")
        if EXTERNAL.match(source):
            alt = renderer_html.renderInlineAsText(token.children or [], options, env)
            label = alt or source
            return f'<a class="external-image" href="{escapeHtml(source)}">{escapeHtml(label)}</a>'
        assert default_image is not None
        return str(default_image(tokens, index, options, env))

    md.add_render_rule("image", render_image)


def link_targets(tokens: Iterable[Token]) -> list[str]:
    """The `href` of every `<a>` the renderer writes for `tokens`, in order: links, autolinks
    and images from elsewhere (rendered as links above). Note references are not links an
    editor wrote, so they are left out; an image's alt text is never rendered as a link."""
    found: list[str] = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            if child.type == "link_open":
                href = child.attrs.get("href")
                if href is not None:
                    found.append(str(href))
            elif child.type == "image":
                source = str(child.attrGet("src") or "")
                if EXTERNAL.match(source):
                    found.append(source)
    return found
