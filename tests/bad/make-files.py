#!/usr/bin/env python3
"""Writes the broken post and config files of tests/bad/ (posts/ and
config/), whose bytes are easier to read here than in the files: NUL bytes,
overlong UTF-8, lone surrogates, a BOM, CRLF line ends, 10,000 nested
arrays, a 60 KB title. Run from the repository's top after changing it;
tests/bad/expected.txt holds what lint says about each file. Files that
git cannot hold (unreadable files, FIFOs, symlink loops) are made by
tests/cli/test_bad.sh at run time. tests/bad/mistakes/ is written by hand
(tests/bad/README.md)."""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
D = '"date": "1927-11-12"'

POSTS = {
    # --- hostile --------------------------------------------------------
    "01-nested-arrays.json":
        '{ ' + D + ', "title": "Deep",\n  "x-deep": ' + "[" * 10000 +
        "]" * 10000 + ' }\n',
    "02-nested-objects.json":
        '{ ' + D + ', "title": "Deep",\n  "x-deep": ' +
        '{"a":' * 10000 + '1' + '}' * 10000 + ' }\n',
    "03-title-60k.json":
        '{\n  ' + D + ',\n  "title": "' + "A" * 60000 + '"\n}\n',
    "04-lone-surrogate-escape.json":
        '{\n  ' + D + ',\n  "title": "Half \\ud800 a pair"\n}\n',
    "05-lone-low-surrogate.json":
        '{\n  ' + D + ',\n  "title": "Half \\udc00 a pair"\n}\n',
    "06-surrogate-bytes.json":  # U+D800 encoded as UTF-8: ED A0 80
        b'{\n  "date": "1927-11-12",\n  "title": "Half \xed\xa0\x80 a '
        b'pair"\n}\n',
    "07-overlong-slash.json":  # "/" as C0 AF
        b'{\n  "date": "1927-11-12",\n  "title": "Over\xc0\xaflong"\n}\n',
    "08-overlong-3byte.json":  # "/" as E0 80 AF
        b'{\n  "date": "1927-11-12",\n  "title": "Over\xe0\x80\xaflong"\n'
        b'}\n',
    "09-bom-then-error.json":  # a BOM is allowed; columns count after it
        b'\xef\xbb\xbf{\n  "date": "1927-11-12",\n  "title": 42\n}\n',
    "10-two-boms.json":
        b'\xef\xbb\xbf\xef\xbb\xbf{ "date": "1927-11-12", "title": "B" }\n',
    "11-utf16.json":  # UTF-16LE with its BOM
        '\ufeff{ "date": "1927-11-12", "title": "Sixteen" }\n'
        .encode("utf-16-le"),
    "12-crlf-error.json":  # CRLF line ends: lines and columns still right
        b'{\r\n  "date": "1927-11-12",\r\n  "title": "CRLF",\r\n'
        b'  "tags": "History"\r\n}\r\n',
    "13-crlf-in-title.json":
        '{\n  ' + D + ',\n  "title": "Two\\r\\nlines"\n}\n',
    "14-nul-byte.json":  # a raw NUL byte, not \u0000
        b'{\n  "date": "1927-11-12",\n  "title": "Nul\x00byte"\n}\n',
    "15-nul-at-end.json":
        b'{\n  "date": "1927-11-12",\n  "title": "Nul after"\n}\n\x00\x00',
    "16-nul-in-key.json":
        '{\n  ' + D + ',\n  "title": "Key",\n  "x-\\u0000": 1,\n'
        '  "sum\\u0000mary": "s"\n}\n',
    # --- the post format and the libraries' own ways -----------------
    "17-duplicate-nested.json":
        '{\n  ' + D + ',\n  "title": "Dup",\n  "image": { "url": '
        '"https://example.org/a.jpg",\n    "url": "https://example.org/'
        'b.jpg" }\n}\n',
    "18-case-variants.json":
        '{\n  ' + D + ',\n  "Title": "Upper",\n  "URL": '
        '"https://example.org/"\n}\n',
    "19-number-as-string.json":
        '{\n  ' + D + ',\n  "title": "Strings",\n  "priority": "5"\n}\n',
    "20-priority-5000000000.json":
        '{\n  ' + D + ',\n  "title": "Big",\n  "priority": 5000000000\n}\n',
    "21-priority-fraction.json":
        '{\n  ' + D + ',\n  "title": "Half",\n  "priority": 1.5\n}\n',
    "22-priority-1e400.json":
        '{\n  ' + D + ',\n  "title": "Huge",\n  "priority": 1e400\n}\n',
    "23-leading-zero.json":
        '{\n  ' + D + ',\n  "title": "Zero",\n  "priority": 01\n}\n',
    "24-date-number.json":
        '{\n  "date": 19271112,\n  "title": "Number date"\n}\n',
    "25-trailing-data.json":
        '{ ' + D + ', "title": "One" }\n{ ' + D + ', "title": "Two" }\n',
    "26-trailing-comma.json":
        '{\n  ' + D + ',\n  "title": "Comma",\n}\n',
    "27-comment.json":
        '{\n  // the date\n  ' + D + ',\n  "title": "Comment"\n}\n',
    "28-single-quotes.json":
        "{\n  'date': '1927-11-12',\n  'title': 'Quotes'\n}\n",
    "29-bad-escape.json":
        '{\n  ' + D + ',\n  "title": "Bad \\uX000 escape"\n}\n',
    "30-unterminated.json":
        '{\n  ' + D + ',\n  "title": "No end\n',
    "31-empty.json": "",
    "32-whitespace.json": "  \n\t\n",
    "33-era.json":
        '{\n  "date": "--03-15",\n  "era": "BC",\n  "title": "Ides"\n}\n',
    "34-years.json":
        '{\n  ' + D + ',\n  "title": "Years",\n  "years": { "from": 2030, '
        '"until": 2025, "every": 0 }\n}\n',
    "35-image.json":
        '{\n  ' + D + ',\n  "title": "Image",\n  "image": { "alt": '
        '"no url" }\n}\n',
    "36-platforms.json":
        '{\n  ' + D + ',\n  "title": "Platforms",\n  "platforms": {\n'
        '    "myspace": { "skip": true },\n    "twitter": { "skip": "yes" '
        '}\n  }\n}\n',
    "37-tags-types.json":
        '{\n  ' + D + ',\n  "title": "Tags",\n  "tags": ["ok", 1, null, '
        '["x"]]\n}\n',
    "38-date-forms.json":
        '{\n  "date": "1927-11-12T10:00",\n  "title": "Timestamp"\n}\n',
    "39-null-title.json":
        '{\n  ' + D + ',\n  "title": null\n}\n',
    # numbers cJSON reads its own way (CRAFT 2.2)
    "40-number-dot.json":
        '{\n  ' + D + ',\n  "title": "N",\n  "priority": 1.\n}\n',
    "41-number-plus.json":
        '{\n  ' + D + ',\n  "title": "N",\n  "priority": +1\n}\n',
    "42-number-70-digits.json":
        '{\n  ' + D + ',\n  "title": "N",\n  "priority": ' + "1" * 70 +
        '\n}\n',
    "43-number-2pow53-plus-1.json":  # a double reads it as ...992
        '{\n  ' + D + ',\n  "title": "N",\n  "priority": '
        '9007199254740993\n}\n',
}

CONF_BASE = ('posts_dir = "posts";\nstate_dir = "var";\n'
             'timezone = "Europe/London";\n')

CONFIGS = {
    "01-syntax.conf": CONF_BASE + 'leap_day "feb28";\nschedule = '
                      '{ window = "09:00-17:00"; };\n',
    "02-unknown-key.conf": CONF_BASE + 'post_dir = "posts";\n',
    "03-unknown-nested.conf": CONF_BASE + 'http = { timout = 30; };\n',
    "04-case-variant.conf": CONF_BASE + 'Leap_Day = "feb28";\n'
                            'http = { Timeout = 30; };\n',
    "05-number-as-string.conf": CONF_BASE + 'http = { retries = "3"; };\n',
    "06-5000000000.conf": CONF_BASE + 'http = { timeout = 5000000000; };\n',
    "07-5000000000L.conf": CONF_BASE +
                           'schedule = { max_per_day = 5000000000L; };\n',
    "08-float-int.conf": CONF_BASE + 'http = { max_wait = 30.5; };\n',
    "09-include.conf": CONF_BASE + '@include "other.conf"\n',
    "10-duplicate.conf": CONF_BASE + 'timezone = "UTC";\n',
    "11-wrong-types.conf": CONF_BASE +
                           'platforms = { feed = { enabled = "yes"; }; };\n'
                           'schedule = "09:00-17:00";\n',
    "12-timezone.conf": 'posts_dir = "posts";\nstate_dir = "var";\n'
                        'timezone = "Mars/Olympus_Mons";\n',
    "13-leap-day.conf": CONF_BASE + 'leap_day = "feb29";\n',
    "14-window.conf": CONF_BASE + 'schedule = { window = "17:00-09:00"; '
                      'grace = "3 hours"; };\n',
    "15-api-http.conf": CONF_BASE + 'platforms = {\n  twitter = { enabled '
                        '= false; api = "http://api.example.org"; };\n};\n',
    "16-secret-in-config.conf": CONF_BASE + 'platforms = {\n  linkedin = '
                                '{ enabled = false; access_token = '
                                '"not-here"; };\n};\n',
    "17-unknown-platform.conf": CONF_BASE + 'platforms = {\n  myspace = '
                                '{ enabled = true; };\n};\n',
    "18-nested-groups.conf": CONF_BASE + 'x = ' + '(' * 10000 + ')' * 10000
                             + ';\n',
    "19-long-value.conf": CONF_BASE.replace("Europe/London", "Europe/" +
                                            "L" * 60000),
    "20-nul-byte.conf": (CONF_BASE + 'leap_day = "feb\x0028";\n'),
    "21-bad-utf8.conf": (CONF_BASE.encode() + b'platforms = {\n  feed = '
                         b'{ enabled = true; path = "var/feed.atom"; '
                         b'title = "On this \xc0\xafday"; link = '
                         b'"https://example.org/"; };\n};\n'),
    "22-crlf-error.conf": CONF_BASE.replace("\n", "\r\n") +
                          'http = { retries = -1; };\r\n',
    "23-list-for-group.conf": CONF_BASE + 'http = [ 30, 10 ];\n',
    "24-user-agent-crlf.conf": CONF_BASE + 'http = { user_agent = '
                               '"almanac\\r\\nX-Injected: 1"; };\n',
    # 0x100000005 without L would read back as 5, a fine value
    "25-hex-overflow.conf": CONF_BASE + 'schedule = { max_per_day = '
                            '0x100000005; };\n',
    "26-bom-then-error.conf": "\ufeff" + CONF_BASE + 'http = { retries '
                              '= 11; };\n',
    "27-escape-bytes.conf": CONF_BASE + 'platforms = {\n  feed = { '
                            'enabled = true; path = "var/feed.atom"; '
                            'title = "On this \\xc0\\xafday"; link = '
                            '"https://example.org/"; };\n};\n',
    "28-control-in-value.conf": CONF_BASE + 'leap_day = "\\x1b[2Jfeb28";\n',
}


def write(folder, files):
    os.makedirs(folder, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else \
            content.encode("utf-8", "surrogatepass")
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    write(os.path.join(HERE, "posts"), POSTS)
    write(os.path.join(HERE, "config"), CONFIGS)
