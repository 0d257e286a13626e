#!/usr/bin/env python3
"""Write test mail straight into a Maildir, in the layout our private Dovecot reads.

Usage:
  generate-mail.py --maildir DIR --fill empty|sample|bulk:N [--address a@example.com] [--name "Alice"]
                   [--cache DIR] [--chown UID:GID] [--manifest FILE] [--seed N]

Writing the files ourselves is orders of magnitude faster than delivering over LMTP or APPEND (DESIGN.md §6).
Layout: Dovecot's default Maildir++ with `namespace inbox { separator = / }`: the folder "Archive/2025" is the
directory ".Archive.2025" and non-ASCII names are stored in modified UTF-7 (RFC 3501 5.1.3), e.g. "Entwürfe" is
".Entw&APw-rfe". File names carry ",S=<size>,W=<size with CRLF>" so Dovecot never has to stat or read a file to
answer RFC822.SIZE, and flags in ":2,<flags>". The mtime of each file is its INTERNALDATE.

Everything is deterministic (seeded): the same fill gives the same messages, except for the recipient address
of a "sample" fill. "bulk:N" fills INBOX with N messages of a mailing list; it is generated once into
--cache and hard-linked (`cp -al`) into each Maildir, so a second 100,000-message user costs well under a second.
"""

import argparse
import base64
import fcntl
import io
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import datetime, timedelta, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import format_datetime, parsedate_to_datetime

GENERATOR_VERSION = 1
MAIL_POLICY = policy.default.clone(linesep="\n", max_line_length=78)
SAMPLE_SEED = 20250101

# Folders of a "sample" fill, as IMAP shows them (separator "/"). Dovecot auto-creates the special-use ones
# too, but we fill them. "Archive/2024" is deliberately not subscribed (LIST vs LSUB).
SAMPLE_FOLDERS = [
    "Sent", "Drafts", "Trash", "Junk", "Archive", "Archive/2024", "Archive/2025",
    "Projects", "Projects/Petrel", "Projects/Petrel/Design", "Entwürfe", "日本語", "日本語/Notizen", "Q&A",
]
UNSUBSCRIBED = {"Archive/2024"}


# ----------------------------------------------------------------------------------------------- names on disk

def mutf7(name):
    """Modified UTF-7 of RFC 3501 5.1.3, as Dovecot stores mailbox names in Maildir++ directory names."""
    out, pending = [], []

    def flush():
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode("ascii").rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def folder_dir(maildir, vname):
    if vname.upper() == "INBOX":
        return maildir
    if "." in vname:
        raise ValueError("Maildir++ folder names cannot contain '.': " + vname)
    return os.path.join(maildir, "." + mutf7(vname).replace("/", "."))


def make_folder(maildir, vname):
    path = folder_dir(maildir, vname)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    if path != maildir:
        open(os.path.join(path, "maildirfolder"), "a").close()
    return path


def write_subscriptions(maildir, names):
    # Dovecot 2.3's own format, as it writes the file after an IMAP SUBSCRIBE: "V\t2\n\n", then one UTF-8 name
    # per line with TAB as the hierarchy separator.
    with open(os.path.join(maildir, "subscriptions"), "w", encoding="utf-8") as f:
        f.write("V\t2\n\n")
        for n in names:
            f.write(n.replace("/", "\t") + "\n")


class MaildirWriter:
    """Writes message files with Maildir names Dovecot understands and counts what it wrote."""

    def __init__(self, maildir, tag="petrel"):
        self.maildir = maildir
        self.tag = tag
        self.seq = 0

    def write(self, vname, data, when, flags="", new=False, link=None):
        """data: bytes with LF line ends; when: datetime (also the INTERNALDATE); flags: subset of DFPRST.
        link: a file holding the whole message, hard-linked instead of writing data."""
        self.seq += 1
        ts = int(when.timestamp())
        if link:
            with open(link, "rb") as f:
                whole = f.read()
            size, vsize = len(whole), len(whole) + whole.count(b"\n")
        else:
            size = len(data)
            vsize = size + data.count(b"\n")
        base = "%d.M%06dP%dQ%d.%s,S=%d,W=%d" % (ts, self.seq % 1000000, 1, self.seq,
                                                 self.tag, size, vsize)
        folder = folder_dir(self.maildir, vname)
        if new:
            path = os.path.join(folder, "new", base)
        else:
            path = os.path.join(folder, "cur", base + ":2," + "".join(sorted(set(flags))))
        if link:
            os.link(link, path)
        else:
            with open(path, "wb") as f:
                f.write(data)
        os.utime(path, (ts, ts))
        return path


# ----------------------------------------------------------------------------------------- binary attachments

def png(width, height, rng, noisy):
    """A valid PNG. noisy=True gives incompressible pixels (a photo-sized file), else a small gradient."""
    rows = []
    for y in range(height):
        if noisy:
            rows.append(b"\x00" + rng.randbytes(width * 3))
        else:
            rows.append(b"\x00" + bytes((x * 255 // max(1, width - 1), y * 255 // max(1, height - 1), 160)
                                        [c] for x in range(width) for c in range(3)))
    raw = b"".join(rows)

    def chunk(kind, payload):
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def pdf(text, size, rng):
    """A small valid PDF showing `text`, padded to about `size` bytes with a binary stream object."""
    content = ("BT /F1 18 Tf 72 720 Td (%s) Tj ET" % text.replace("(", "").replace(")", "")).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pad = max(0, size - 700)
    objs.append(b"<< /Length %d >>\nstream\n" % pad + rng.randbytes(pad) + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def zip_archive(rng, binary_size):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("README.txt", (2025, 3, 14, 9, 30, 0)),
                   "Petrel test archive.\nThe other file is random data.\n" * 20, zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("data/random.bin", (2025, 3, 14, 9, 30, 0)), rng.randbytes(binary_size),
                   zipfile.ZIP_STORED)
        z.writestr(zipfile.ZipInfo("data/notes-ä.txt", (2025, 3, 14, 9, 30, 0)), "Grüße\n".encode(),
                   zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------- sample mail

LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et "
         "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip "
         "ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore.")


def paragraphs(rng, n):
    words = LOREM.replace(",", "").replace(".", "").lower().split()
    out = []
    for _ in range(n):
        sentence_count = rng.randint(2, 5)
        sentences = []
        for _ in range(sentence_count):
            s = " ".join(rng.choice(words) for _ in range(rng.randint(6, 16)))
            sentences.append(s[0].upper() + s[1:] + ".")
        out.append(wrap(" ".join(sentences)))
    return "\n\n".join(out)


def wrap(text, width=72):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    if line:
        lines.append(line)
    return "\n".join(lines)


class Sample:
    """Builds the realistic "sample" mailbox. Each message is recorded in the manifest with tags that tests
    can look for (e.g. "dot-lines", "attachment-5mb", "thread:release")."""

    def __init__(self, maildir, address, display_name, cache=None, chown=None):
        self.maildir = maildir
        self.me = Address(display_name, addr_spec=address)
        self.team = Address("Petrel Team", "team", "example.com")
        self.rng = random.Random(SAMPLE_SEED)
        self.writer = MaildirWriter(maildir)
        self.cache = os.path.join(cache, "sample-v%d" % GENERATOR_VERSION) if cache else None
        self.owner = tuple(int(x) for x in chown.split(":")) if chown else None
        self.manifest = {}
        self.start = datetime(2024, 9, 2, 8, 15, tzinfo=timezone(timedelta(hours=2)))

    def date(self, day, hour=10, minute=0):
        return self.start + timedelta(days=day, hours=hour - 8, minutes=minute)

    def base(self, sender, subject, day, to=None, cc=None, msgid=None, reply_to=None, hour=10, minute=0):
        # Every message starts from its own seed (random content and MIME boundaries), so each one is the same
        # whatever else is generated or taken from the cache.
        key = "%s|%d|%d" % (subject, day, hour)
        self.rng.seed(key)
        random.seed(key)
        m = EmailMessage(policy=MAIL_POLICY)
        m["From"] = sender
        if to != "":
            m["To"] = to if to is not None else self.me
        if cc:
            m["Cc"] = cc
        if reply_to:
            m["Reply-To"] = reply_to
        m["Subject"] = subject
        m["Date"] = format_datetime(self.date(day, hour, minute))
        m["Message-ID"] = msgid or "<%s@mail.example.org>" % self.ident(subject, day)
        return m

    def ident(self, subject, day):
        return "s%d.%08x" % (day, zlib.crc32(subject.encode()) & 0xFFFFFFFF)

    @staticmethod
    def render(m):
        data = m.as_bytes(policy=MAIL_POLICY)
        return data if data.endswith(b"\n") else data + b"\n"

    def store(self, folder, m, flags="", new=False, tags=()):
        self.record(folder, self.render(m), flags, new, tags)

    def shared(self, folder, key, build, flags="", new=False, tags=()):
        """A big message that does not name the recipient (it went to the team list): rendered once into the
        cache and hard-linked into each Maildir, which saves most of a sample fill's time and disk."""
        if not self.cache:
            self.store(folder, build(), flags, new, tags)
            return
        cached = os.path.join(self.cache, key + ".eml")
        if not os.path.exists(cached):
            os.makedirs(self.cache, exist_ok=True)
            tmp = cached + ".tmp%d" % os.getpid()
            with open(tmp, "wb") as f:
                f.write(self.render(build()))
            if self.owner:
                os.chown(tmp, *self.owner)
            os.chmod(tmp, 0o600)
            os.rename(tmp, cached)
        with open(cached, "rb") as f:
            head = f.read(8192)
        self.record(folder, head, flags, new, tags, link=cached)

    def record(self, folder, data, flags, new, tags, link=None):
        hdr = BytesHeaderParser(policy=MAIL_POLICY).parsebytes(data)
        when = parsedate_to_datetime(hdr["Date"])
        path = self.writer.write(folder, data, when, flags, new, link=link)
        self.manifest.setdefault(folder, []).append({
            "file": os.path.relpath(path, self.maildir), "subject": str(hdr["Subject"]),
            "message_id": hdr["Message-ID"], "flags": "" if new else "".join(sorted(set(flags))),
            "recent": new, "size": os.path.getsize(path), "date": when.isoformat(), "tags": list(tags)})

    def build(self):
        rng = self.rng
        me = self.me
        carol = Address("Carol Díaz", "carol", "example.org")
        dave = Address("Dave O'Neil", "dave", "example.net")
        erin = Address("Erin Wu", "erin", "example.org")
        juergen = Address("Jürgen Müller", "juergen.mueller", "example.de")
        taro = Address("山田太郎", "yamada", "example.jp")
        news = Address("Petrel Weekly", "news", "lists.example.com")
        shop = Address("Bücherladen Ölberg", "orders", "shop.example.de")

        # --- INBOX: plain, alternative, related, attachments, i18n headers, threads, dot-lines.
        m = self.base(carol, "Welcome to the team", 3)
        m.set_content("Hi %s,\n\nwelcome aboard! Your account is ready.\n\n%s\n\nCheers,\nCarol\n"
                      % (me.display_name, paragraphs(rng, 2)))
        self.store("INBOX", m, "S", tags=["plain"])

        m = self.base(news, "Petrel Weekly #12: offline mode lands", 10)
        m["List-Id"] = "Petrel Weekly <weekly.lists.example.com>"
        m["List-Unsubscribe"] = "<mailto:unsubscribe@lists.example.com>"
        text = "Petrel Weekly #12\n\n" + paragraphs(rng, 3) + "\n"
        m.set_content(text)
        m.add_alternative("<html><body><h1>Petrel Weekly #12</h1>%s<p><a href=\"https://example.com/weekly/12\">"
                          "Read online</a></p></body></html>\n"
                          % "".join("<p>%s</p>" % p for p in paragraphs(rng, 3).split("\n\n")), subtype="html")
        self.store("INBOX", m, "S", tags=["alternative", "html"])

        def office():
            m = self.base(news, "Our new office – photos inside", 24, to=self.team)
            m.set_content("Your mail program shows the plain text version. The photos are in the HTML part.\n")
            m.add_alternative("<html><body><p>Here is our new office:</p><p><img src=\"cid:logo@petrel\" "
                              "alt=\"logo\"> <img src=\"cid:office@petrel\" alt=\"office\" width=\"320\">"
                              "</p><p>See you there!</p></body></html>\n", subtype="html")
            html = m.get_payload()[1]
            html.add_related(png(64, 64, rng, False), "image", "png", cid="<logo@petrel>", filename="logo.png")
            html.add_related(png(120, 90, rng, True), "image", "png", cid="<office@petrel>",
                             filename="office.png")
            return m
        self.shared("INBOX", "office", office, "S", tags=["related", "inline-images", "html", "to-team"])

        m = self.base(juergen, "Grüße aus München – Änderungen am Entwurf", 31)
        m.set_content("Hallo %s,\n\nanbei die Übersicht mit den Änderungen. Schöne Grüße aus München!\n\n"
                      "Jürgen\n-- \nJürgen Müller · Straße 5 · 80331 München\n" % me.display_name,
                      charset="iso-8859-1", cte="quoted-printable")
        m.add_attachment(pdf("Uebersicht Maerz", 1024, rng), "application", "pdf",
                         filename="Übersicht März 2025.pdf")
        self.store("INBOX", m, "S", tags=["i18n-subject", "rfc2231-filename", "attachment-1kb", "qp", "latin1"])

        m = self.base(taro, "会議の議事録について", 45)
        m.set_content("%sさん\n\nお疲れ様です。先日の会議の議事録を添付します。\nご確認をお願いします。\n\n山田\n"
                      % me.display_name, charset="utf-8", cte="base64")
        m.add_attachment("議事録\n\n1. 開始\n2. 議題\n3. 終了\n".encode("utf-8"), "text", "plain",
                         filename="議事録.txt")
        self.store("INBOX", m, "", tags=["i18n-subject", "japanese", "rfc2231-filename", "unread"])

        m = self.base(erin, "Launch day 🚀🎉", 60)
        m.set_content("It's live! 🎉\n\nThanks everyone. Cake in the kitchen at 3 🍰.\n")
        self.store("INBOX", m, "FS", tags=["i18n-subject", "emoji", "flagged"])

        def offsite():
            m = self.base(dave, "Photos from the offsite", 75, to=self.team)
            m.set_content("Here is the group photo (about 300 KB).\n\nDave\n")
            m.add_attachment(png(320, 320, rng, True), "image", "png", filename="group photo.png")
            return m
        self.shared("INBOX", "offsite", offsite, "S", tags=["attachment-image", "to-team"])

        def artifacts():
            m = self.base(carol, "Build artifacts", 90, to=self.team)
            m.set_content("The zip has the test data we talked about.\n")
            m.add_attachment(zip_archive(rng, 48 * 1024), "application", "zip", filename="artifacts.zip")
            return m
        self.shared("INBOX", "artifacts", artifacts, "", tags=["attachment-zip", "unread", "to-team"])

        def handbook():
            m = self.base(juergen, "Handbuch (groß, 5 MB)", 105, to=self.team, cc=[carol])
            m.set_content("Das vollständige Handbuch als PDF, etwa 5 MB.\n\nJürgen\n")
            m.add_attachment(pdf("Handbuch", 5 * 1024 * 1024, rng), "application", "pdf",
                             filename="Handbuch für Anwender.pdf")
            return m
        self.shared("INBOX", "handbook", handbook, "S", tags=["attachment-5mb", "rfc2231-filename", "to-team"])

        def mixed():
            m = self.base(dave, "Mixed: report + photo + archive", 120, to=self.team)
            m.set_content("Three attachments: a report, a photo and an archive.\n")
            m.add_alternative("<html><body><p>Three attachments: <b>a report</b>, a photo and an archive.</p>"
                              "</body></html>\n", subtype="html")
            m.add_attachment(pdf("Report", 200 * 1024, rng), "application", "pdf", filename="report.pdf")
            m.add_attachment(png(100, 100, rng, True), "image", "png", filename="photo.png")
            m.add_attachment(zip_archive(rng, 8 * 1024), "application", "zip", filename="報告書.zip")
            return m
        self.shared("INBOX", "mixed", mixed, "S", tags=["mixed", "alternative", "attachment-pdf",
                                                        "attachment-image", "attachment-zip", "rfc2231-filename",
                                                        "to-team"])

        m = self.base(erin, "Dot-stuffing test", 130)
        m.set_content("These lines start with dots (POP3 must dot-stuff them on the wire):\n"
                      ".\n..\n...\n.hidden\n..double\n. space after dot\n\nAnd a normal last line.\n")
        self.store("INBOX", m, "S", tags=["dot-lines", "plain"])

        m = self.base(shop, "Ihre Bestellung Nr. 48213 wurde versandt", 140,
                      reply_to=Address("Kundenservice", "service", "shop.example.de"))
        m.set_content("Sehr geehrte Kundin, sehr geehrter Kunde,\n\nIhre Bestellung ist unterwegs.\n")
        m.add_alternative("<html><body><table><tr><td>Artikel</td><td>Menge</td></tr><tr><td>Bücher über "
                          "Möwen</td><td>2</td></tr></table></body></html>\n", subtype="html")
        self.store("INBOX", m, "", new=True, tags=["alternative", "reply-to", "recent", "unread"])

        m = self.base(carol, "Long plain text (many paragraphs)", 150)
        m.set_content("A long message so that partial fetches have something to cut.\n\n" + paragraphs(rng, 40)
                      + "\n")
        self.store("INBOX", m, "S", tags=["plain", "long"])

        # Thread: five messages, one of them ours (in Sent).
        thread = []

        def reply(sender, day, body, folder="INBOX", flags="S", new=False, to=None):
            parent = thread[-1] if thread else None
            subject = "Petrel release planning" if not parent else "Re: Petrel release planning"
            msgid = "<release.%d@%s>" % (len(thread) + 1, sender.domain)
            mm = self.base(sender, subject, day, to=to if to is not None else [me, carol, dave], msgid=msgid,
                           hour=9 + len(thread))
            if parent:
                mm["In-Reply-To"] = parent["Message-ID"]
                refs = (parent.get("References", "") + " " + parent["Message-ID"]).strip()
                mm["References"] = refs
            mm.set_content(body + ("\n\n> " + "\n> ".join(str(parent.get_content()).strip().splitlines())
                                   if parent else "") + "\n")
            thread.append(mm)
            self.store(folder, mm, flags, new, tags=["thread:release", "thread-pos:%d" % len(thread)])

        reply(carol, 160, "Shall we release 0.2 at the end of the month?\nOpen points: search, offline queue.")
        reply(dave, 161, "Fine with me. Search is done, the offline queue needs a week.")
        reply(me, 161, "I can take the offline queue.", folder="Sent", to=[carol, dave], flags="S")
        reply(carol, 162, "Great, thanks! Let's meet Thursday.", flags="RS")
        reply(erin, 163, "Can I join on Thursday? I have questions about the UI.", flags="", new=False)

        for i in range(8):
            m = self.base(Address("Notification Bot", "noreply", "ci.example.com"),
                          "CI build #%d %s" % (400 + i, "passed" if i % 3 else "FAILED"), 170 + i * 3,
                          hour=7 + i % 10)
            m.set_content("Build #%d finished.\n\n%s\n" % (400 + i, paragraphs(rng, 1)))
            self.store("INBOX", m, "S" if i < 5 else "", new=(i == 7), tags=["ci"])

        # --- Sent, Drafts, Trash, Junk.
        m = self.base(me, "Re: Photos from the offsite", 76, to=[dave])
        m["In-Reply-To"] = "<%s@mail.example.org>" % self.ident("Photos from the offsite", 75)
        m.set_content("Great photo, thanks!\n")
        self.store("Sent", m, "S", tags=["sent"])
        m = self.base(me, "Notes for Jürgen", 35, to=[juergen])
        m.set_content("Danke für die Übersicht!\n")
        self.store("Sent", m, "S", tags=["sent", "i18n-body"])

        m = self.base(me, "Unfinished thoughts", 180, to=[carol])
        m.set_content("Draft: I think we should\n")
        self.store("Drafts", m, "DS", tags=["draft"])
        m = self.base(me, "", 181, to="")
        m.set_content("A draft with neither subject nor recipient.\n")
        self.store("Drafts", m, "DS", tags=["draft", "empty-subject"])

        m = self.base(shop, "Newsletter you deleted", 50)
        m.set_content("Gone but not forgotten.\n")
        self.store("Trash", m, "ST", tags=["trash"])
        m = self.base(dave, "Old lunch plans", 20)
        m.set_content("Pizza?\n")
        self.store("Trash", m, "S", tags=["trash"])

        m = self.base(Address("Prize Department", "winner", "spam.example"), "YOU HAVE WON $1,000,000!!!", 100)
        m.set_content("Click here to claim your prize.\n")
        m.add_alternative("<html><body><p style=\"font-size:40px\">CLICK <a href=\"http://spam.example/claim\">"
                          "HERE</a></p><img src=\"http://spam.example/track.gif\" width=\"1\" height=\"1\">"
                          "</body></html>\n", subtype="html")
        self.store("Junk", m, "", tags=["junk", "remote-image"])
        m = self.base(Address("Bank Security", "security", "phish.example"), "Verify your account", 110)
        m.set_content("Your account will be closed. Verify at http://phish.example/login\n")
        self.store("Junk", m, "", tags=["junk"])

        # --- Archive tree, projects, non-ASCII folders.
        for i in range(3):
            m = self.base(carol, "Archived note %d" % (i + 1), 1 + i)
            m.set_content("Archived.\n")
            self.store("Archive", m, "S", tags=["archive"])
        for i in range(4):
            m = self.base(dave, "Year-end review %d (2024)" % (i + 1), -200 + i * 20)
            m.set_content(paragraphs(rng, 2) + "\n")
            self.store("Archive/2024", m, "S", tags=["archive"])
        for i in range(5):
            m = self.base(erin, "Quarterly numbers Q%d" % (i % 4 + 1), 125 + i * 7)
            m.set_content(paragraphs(rng, 1) + "\n")
            self.store("Archive/2025", m, "S" if i != 2 else "FS", tags=["archive"])

        m = self.base(carol, "Projects overview", 12)
        m.set_content("All projects live below this folder.\n")
        self.store("Projects", m, "S", tags=["projects"])
        for i, subject in enumerate(["Petrel: sync design", "Re: Petrel: sync design"]):
            m = self.base(dave if i else carol, subject, 40 + i,
                          msgid="<sync-design.%d@example.org>" % (i + 1))
            if i:
                m["In-Reply-To"] = "<sync-design.1@example.org>"
                m["References"] = "<sync-design.1@example.org>"
            m.set_content(paragraphs(rng, 2) + "\n")
            self.store("Projects/Petrel", m, "S", tags=["projects", "thread:sync-design"])
        for i in range(3):
            m = self.base(erin, "Design review %d: message list" % (i + 1), 55 + i * 2)
            m.set_content(paragraphs(rng, 2) + "\n")
            if i == 1:
                m.add_attachment(png(200, 120, rng, False), "image", "png", filename="mockup.png")
            self.store("Projects/Petrel/Design", m, "S" if i else "", tags=["projects"])

        for i, subject in enumerate(["Entwurf: Präsentation", "Entwurf: Rundschreiben für Kunden"]):
            m = self.base(me, subject, 70 + i, to=[juergen])
            m.set_content("Noch nicht fertig – bitte nicht verschicken.\n")
            self.store("Entwürfe", m, "S", tags=["i18n-folder"])
        m = self.base(taro, "日本語のフォルダ", 80)
        m.set_content("このフォルダは日本語の名前です。\n")
        self.store("日本語", m, "S", tags=["i18n-folder", "japanese"])
        for i in range(2):
            m = self.base(taro, "メモ %d" % (i + 1), 81 + i)
            m.set_content("ノート%d\n" % (i + 1))
            self.store("日本語/Notizen", m, "S" if i else "", tags=["i18n-folder", "japanese"])
        m = self.base(dave, "Questions & answers", 95)
        m.set_content("Q: Does '&' survive modified UTF-7?\nA: It becomes '&-' on disk.\n")
        self.store("Q&A", m, "S", tags=["ampersand-folder"])


def fill_sample(maildir, address, display_name, cache=None, chown=None):
    make_folder(maildir, "INBOX")
    for f in SAMPLE_FOLDERS:
        make_folder(maildir, f)
    s = Sample(maildir, address, display_name, cache, chown)
    s.build()
    write_subscriptions(maildir, ["INBOX"] + [f for f in SAMPLE_FOLDERS if f not in UNSUBSCRIBED])
    return s.manifest


# ------------------------------------------------------------------------------------------------ bulk mail

FIRST = ["Anna", "Ben", "Chloé", "David", "Emre", "Fatima", "Grzegorz", "Hannah", "Ingrid", "José", "Kenji",
         "Lena", "Márta", "Nils", "Olga", "Pierre", "Qiang", "Rosa", "Sören", "Tomás", "Uma", "Viktor", "Wei",
         "Xenia", "Yusuf", "Zoë"]
LAST = ["Andersson", "Brown", "Çelik", "Dubois", "Eriksen", "Fischer", "García", "Hoffmann", "Ivanova",
        "Jansen", "Kowalski", "López", "Müller", "Nakamura", "O'Brien", "Petrov", "Rossi", "Schmidt", "Tanaka",
        "Weiß"]
TOPICS = ["IMAP IDLE on flaky links", "POP3 leave-on-server semantics", "FTS5 ranking", "message list paging",
          "offline queue replay", "TLS pinning UX", "attachment cache eviction", "threading by References",
          "CONDSTORE resync", "compose window layout", "Übersetzungen für 0.3", "日本語の件名のテスト",
          "crash in the part tree", "quota warnings", "packaging for Windows", "dark mode icons"]


def encode_header_value(text):
    """RFC 2047 for non-ASCII (the email package does the same; this is the fast path for bulk)."""
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        return "=?UTF-8?B?%s?=" % base64.b64encode(text.encode("utf-8")).decode("ascii")


def bulk_templates(rng):
    """A few complete MIME bodies (headers from Content-Type/MIME-Version on). Weights give ~15 KB/message on
    average, close to DESIGN.md §7's 15.8 KB, with attachments included."""
    templates = []

    def add(weight, msg):
        # an EmailMessage without From/To/Subject: its bytes are the MIME headers and the body
        templates.append((weight, msg.as_bytes(policy=MAIL_POLICY)))

    for paras in (1, 3, 8):
        m = EmailMessage(policy=MAIL_POLICY)
        m.set_content(paragraphs(rng, paras) + "\n\n-- \nSent from the petrel-dev list\n")
        add(20, m)
    m = EmailMessage(policy=MAIL_POLICY)
    m.set_content("Grüße,\n\n" + paragraphs(rng, 4) + "\n", charset="iso-8859-1", cte="quoted-printable")
    add(10, m)
    for paras in (3, 10):
        m = EmailMessage(policy=MAIL_POLICY)
        text = paragraphs(rng, paras)
        m.set_content(text + "\n")
        m.add_alternative("<html><body>%s</body></html>\n"
                          % "".join("<p>%s</p>" % p for p in text.split("\n\n")), subtype="html")
        add(12, m)
    m = EmailMessage(policy=MAIL_POLICY)
    m.set_content("See inline image.\n")
    m.add_alternative("<html><body><p>See <img src=\"cid:chart@bulk\"></p></body></html>\n", subtype="html")
    m.get_payload()[1].add_related(png(60, 40, rng, True), "image", "png", cid="<chart@bulk>")
    add(3, m)
    m = EmailMessage(policy=MAIL_POLICY)
    m.set_content("Log attached.\n")
    m.add_attachment(paragraphs(rng, 30).encode(), "text", "plain", filename="build.log")
    add(4, m)
    m = EmailMessage(policy=MAIL_POLICY)
    m.set_content("Slides attached.\n")
    m.add_attachment(pdf("Slides", 100 * 1024, rng), "application", "pdf", filename="Folien Übersicht.pdf")
    add(5, m)
    m = EmailMessage(policy=MAIL_POLICY)
    m.set_content("Screenshot attached.\n")
    m.add_attachment(png(160, 120, rng, True), "image", "png", filename="screenshot.png")
    add(3, m)
    return templates


def generate_bulk(maildir, n, seed=7):
    rng = random.Random(seed * 1000003 + n)
    random.seed(seed)  # MIME boundaries
    make_folder(maildir, "INBOX")
    templates = bulk_templates(rng)
    weights = [w for w, _ in templates]
    bodies = [b for _, b in templates]
    senders = []
    for i in range(300):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        display = "%s %s" % (first, last)
        display = encode_header_value(display) if not display.isascii() else '"%s"' % display
        local = "%s.%s%d" % (first.lower().encode("ascii", "ignore").decode(),
                             last.lower().encode("ascii", "ignore").decode().replace("'", ""), i)
        domain = "example." + rng.choice(["com", "org", "net", "de"])
        senders.append(("%s <%s@%s>" % (display, local, domain)).encode("ascii"))
    topics = [encode_header_value(t) for t in TOPICS]
    start = datetime(2023, 1, 2, tzinfo=timezone.utc).timestamp()
    span = 2 * 365 * 86400
    step = span / max(1, n)
    seq_choice = rng.choices(range(len(bodies)), weights=weights, k=n)
    new_dir = os.path.join(maildir, "new")
    cur_dir = os.path.join(maildir, "cur")
    thread_root = 0
    for i in range(n):
        ts = int(start + i * step + rng.random() * step * 0.5)
        when = datetime.fromtimestamp(ts, timezone.utc)
        topic = i // 7 % len(topics)
        reply = i % 7 != 0
        if not reply:
            thread_root = i
        subject = ("Re: " if reply else "") + "[petrel-dev] " + topics[topic] + " (#%d)" % thread_root
        hdr = [
            b"Return-Path: <petrel-dev-bounces@lists.example.com>",
            b"From: " + senders[rng.randrange(300)],
            b"To: petrel-dev@lists.example.com",
            b"Subject: " + subject.encode("ascii"),
            b"Date: " + format_datetime(when).encode("ascii"),
            b"Message-ID: <bulk.%d.%d@lists.example.com>" % (i, n),
            b"List-Id: Petrel developers <petrel-dev.lists.example.com>",
            b"X-Bulk-Index: %d" % i,
        ]
        if reply:
            hdr.append(b"In-Reply-To: <bulk.%d.%d@lists.example.com>" % (i - 1, n))
            hdr.append(b"References: <bulk.%d.%d@lists.example.com> <bulk.%d.%d@lists.example.com>"
                       % (thread_root, n, i - 1, n))
        data = b"\n".join(hdr) + b"\n" + bodies[seq_choice[i]]
        r = rng.random()
        size = len(data)
        base = b"%d.M%06dP1Q%d.bulk,S=%d,W=%d" % (ts, i % 1000000, i, size, size + data.count(b"\n"))
        if i >= n - max(1, n // 100):          # the newest 1% are new (\Recent, unseen)
            path = os.path.join(new_dir.encode(), base)
        else:
            flags = b"S" if r < 0.8 else b""
            if r < 0.05:
                flags = b"FS"
            elif r < 0.15:
                flags = b"RS"
            path = os.path.join(cur_dir.encode(), base + b":2," + flags)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, data)
        os.close(fd)
        os.utime(path, (ts, ts))
    write_subscriptions(maildir, ["INBOX"])


def bulk_into(maildir, n, cache, chown):
    """Generate bulk:n once into `cache` (locked, atomic rename), then hard-link it into maildir."""
    if not cache:
        generate_bulk(maildir, n)
        return
    os.makedirs(cache, exist_ok=True)
    final = os.path.join(cache, "bulk-%d-v%d" % (n, GENERATOR_VERSION))
    with open(os.path.join(cache, ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.isdir(final):
            tmp = final + ".tmp%d" % os.getpid()
            shutil.rmtree(tmp, ignore_errors=True)
            generate_bulk(tmp, n)
            if chown:
                subprocess.run(["chown", "-R", chown, tmp], check=True)
            os.rename(tmp, final)
    os.makedirs(maildir, exist_ok=True)
    # cp -al: hard links, so 100,000 messages cost directory entries only; directories are copied with their
    # owner. Dovecot only renames and unlinks Maildir files, so sharing inodes between users is safe.
    subprocess.run(["cp", "-al", final + "/.", maildir + "/"], check=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--fill", default="sample", help="empty | sample | bulk:N")
    ap.add_argument("--address", default="alice@example.com")
    ap.add_argument("--name", default=None, help="display name of the recipient")
    ap.add_argument("--cache", default=None, help="directory for generated bulk mailboxes (hard-link source)")
    ap.add_argument("--chown", default=None, help="UID:GID for everything written (when run as root)")
    ap.add_argument("--manifest", default=None, help="write a JSON description of the sample mail here")
    args = ap.parse_args(argv)
    fill(args.maildir, args.fill, args.address, args.name, args.cache, args.chown, args.manifest)


def fill(maildir, what, address="alice@example.com", name=None, cache=None, chown=None, manifest=None):
    name = name or address.split("@")[0].capitalize()
    info = {"fill": what, "address": address, "generator_version": GENERATOR_VERSION}
    if what == "empty":
        make_folder(maildir, "INBOX")
        info["folders"] = {}
    elif what == "sample":
        info["folders"] = fill_sample(maildir, address, name, cache, chown)
    elif what.startswith("bulk:"):
        try:
            n = int(what[5:])
        except ValueError:
            raise SystemExit("generate-mail: bad fill %r (bulk:N with N a number)" % what)
        if n < 0:
            raise SystemExit("generate-mail: bad fill %r" % what)
        bulk_into(maildir, n, cache, chown)
        info["folders"] = {"INBOX": {"count": n}}
    else:
        raise SystemExit("generate-mail: unknown fill %r (empty | sample | bulk:N)" % what)
    if chown:
        # hard-linked bulk files are already owned right (chowned once in the cache): only fix the rest
        subprocess.run(["chown", "-R", chown, maildir], check=True) if not what.startswith("bulk:") else \
            subprocess.run(["chown", chown, maildir] + [os.path.join(maildir, d) for d in
                                                        ("cur", "new", "tmp", "subscriptions")], check=True)
    if manifest:
        with open(manifest, "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False, indent=1)
    return info


if __name__ == "__main__":
    sys.exit(main())
