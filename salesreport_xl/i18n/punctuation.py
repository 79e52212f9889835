"""Chinese punctuation: in Chinese text, , : ; ( ) are written full-width (，：；（）), as every Chinese
reader expects. One rule, used by the catalogue tests and by validation (which turns full-width
characters into half-width with NFKC to match names, and must not take a Chinese comment's commas with
them)."""
from __future__ import annotations

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def chinese_punctuation(text: str) -> str:
    """`text` with every ASCII , : ; ( ) right next to a CJK character written full-width; a bracket
    pair is converted whole. Text without CJK characters is returned as it is."""
    if text.isascii() or not any(is_cjk(c) for c in text):
        return text
    out = list(text)
    for i, c in enumerate(text):
        if c in FULL_WIDTH and ((i and is_cjk(text[i - 1])) or (i + 1 < len(text) and is_cjk(text[i + 1]))):
            out[i] = FULL_WIDTH[c]
    opened: list[int] = []
    for i, c in enumerate(out):
        if c in "(（":
            opened.append(i)
        elif c in ")）" and opened:
            j = opened.pop()
            if "（" in (out[j], c) or c == "）":
                out[j], out[i] = "（", "）"
    return "".join(out)
