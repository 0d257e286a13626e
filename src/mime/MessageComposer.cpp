#include "mime/MessageComposer.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <vmime/contentDispositionField.hpp>
#include <vmime/contentTypeField.hpp>
#include <vmime/vmime.hpp>

#include "mime/AddressList.h"
#include "mime/FormatFlowed.h"
#include "model/Error.h"

namespace petrel::mime {
namespace {

using model::Error;
using model::ErrorKind;

bool isAscii(std::string_view s) {
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

bool hasLongLine(std::string_view s, std::size_t limit) {
    std::size_t run = 0;
    for (const char c : s) {
        run = (c == '\n') ? 0 : run + 1;
        if (run > limit) return true;
    }
    return false;
}

std::string toCrlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (const char c : text) {
        if (c == '\r') continue;
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

vmime::shared_ptr<vmime::mailbox> toMailbox(const Address& a) {
    if (a.name.empty()) return vmime::make_shared<vmime::mailbox>(vmime::emailAddress(a.address));
    vmime::shared_ptr<vmime::text> name = vmime::text::newFromString(a.name, vmime::charsets::UTF_8);
    return vmime::make_shared<vmime::mailbox>(*name, vmime::emailAddress(a.address));
}

std::vector<Address> parseAll(const std::vector<std::string>& typed) {
    std::vector<Address> out;
    for (const auto& t : typed) {
        auto list = parseAddresses(t, true);
        out.insert(out.end(), list.begin(), list.end());
    }
    return out;
}

void setAddressField(vmime::header& header, const char* name, const std::vector<Address>& addresses) {
    if (addresses.empty()) return;
    vmime::addressList list;
    for (const auto& a : addresses) list.appendAddress(toMailbox(a));
    header.getField(name)->setValue(list);
}

void appendRawField(vmime::header& header, const std::string& name, const std::string& value) {
    if (value.empty()) return;
    header.appendField(vmime::headerFieldFactory::getInstance()->create(name, value));
}

std::string fileNameOf(const model::OutgoingAttachment& a) {
    if (!a.fileName.empty()) return a.fileName;
    if (!a.path.empty()) return std::filesystem::path(a.path).filename().string();
    return "attachment";
}

// RFC 2046 §5.2.1: message/rfc822 may only be 7bit, 8bit or binary.
std::string identityEncodingFor(std::string_view data) {
    if (isAscii(data) && !hasLongLine(data, 998)) return "7bit";
    return hasLongLine(data, 998) || data.find('\0') != std::string_view::npos ? "binary" : "8bit";
}

vmime::shared_ptr<vmime::bodyPart> attachmentPart(const model::OutgoingAttachment& a) {
    const std::string name = fileNameOf(a);
    const std::string type = a.contentType.empty() ? guessContentType(name) : lowerAscii(a.contentType);
    vmime::shared_ptr<vmime::contentHandler> content;
    std::string encoding = "base64";
    if (!a.path.empty()) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(a.path, ec);
        auto file = std::make_unique<std::ifstream>(a.path, std::ios::binary);
        if (ec || !*file) throw Error(ErrorKind::Storage, "Cannot read the attachment '" + a.path + "'");
        auto stream = vmime::make_shared<vmime::utility::inputStreamPointerAdapter>(file.release(), true);
        content = vmime::make_shared<vmime::streamContentHandler>(stream, static_cast<std::size_t>(size));
    } else {
        content = vmime::make_shared<vmime::stringContentHandler>(a.data);
        if (type == "message/rfc822") encoding = identityEncodingFor(a.data);
    }
    auto part = vmime::make_shared<vmime::bodyPart>();
    part->getBody()->setContents(content, vmime::mediaType(type));
    auto header = part->getHeader();
    header->ContentTransferEncoding()->setValue(vmime::encoding(encoding));
    auto contentType = header->findField<vmime::contentTypeField>(vmime::fields::CONTENT_TYPE);
    if (contentType)
        contentType->appendParameter(
            vmime::make_shared<vmime::parameter>("name", vmime::word(name, vmime::charsets::UTF_8)));
    auto disposition = header->getField<vmime::contentDispositionField>(vmime::fields::CONTENT_DISPOSITION);
    disposition->setValue(vmime::contentDisposition(vmime::contentDispositionTypes::ATTACHMENT));
    disposition->setFilename(vmime::word(name, vmime::charsets::UTF_8));
    return part;
}

void setTextBody(vmime::bodyPart& part, const std::string& body) {
    const std::string flowed = toCrlf(encodeFlowed(body));
    const bool plain = isAscii(flowed) && !hasLongLine(flowed, 998);
    part.getBody()->setContents(vmime::make_shared<vmime::stringContentHandler>(flowed),
                                vmime::mediaType(vmime::mediaTypes::TEXT, vmime::mediaTypes::TEXT_PLAIN),
                                vmime::charset(vmime::charsets::UTF_8),
                                vmime::encoding(plain ? "7bit" : "quoted-printable"));
    auto contentType = part.getHeader()->findField<vmime::contentTypeField>(vmime::fields::CONTENT_TYPE);
    contentType->appendParameter(vmime::make_shared<vmime::parameter>("format", "flowed"));
}

}  // namespace

std::string newMessageId(std::string_view domain) {
    static thread_local std::mt19937_64 rng{
        std::random_device{}() ^
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
    char buffer[80];
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    std::snprintf(buffer, sizeof buffer, "%016llx%016llx.%llx", static_cast<unsigned long long>(rng()),
                  static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(now));
    return "<" + std::string(buffer) + "@" +
           (domain.empty() ? std::string("petrel.invalid") : std::string(domain)) + ">";
}

std::string withoutBcc(std::string_view raw) {
    std::size_t headerEnd = raw.find("\r\n\r\n");
    headerEnd = headerEnd == std::string_view::npos ? raw.size() : headerEnd + 2;
    std::string out;
    out.reserve(raw.size());
    bool dropping = false;
    std::size_t pos = 0;
    while (pos < headerEnd) {
        auto eol = raw.find('\n', pos);
        eol = eol == std::string_view::npos ? headerEnd : std::min(eol + 1, headerEnd);
        const std::string_view line = raw.substr(pos, eol - pos);
        const bool continuation = !line.empty() && (line.front() == ' ' || line.front() == '\t');
        if (!continuation) dropping = lowerAscii(line.substr(0, 4)) == "bcc:";
        if (!dropping) out.append(line);
        pos = eol;
    }
    out.append(raw.substr(headerEnd));
    return out;
}

std::string guessContentType(std::string_view fileName) {
    const auto dot = fileName.rfind('.');
    if (dot == std::string_view::npos) return "application/octet-stream";
    const std::string ext = lowerAscii(fileName.substr(dot + 1));
    static const std::pair<const char*, const char*> kTypes[] = {
        {"txt", "text/plain"},
        {"text", "text/plain"},
        {"log", "text/plain"},
        {"csv", "text/csv"},
        {"htm", "text/html"},
        {"html", "text/html"},
        {"css", "text/css"},
        {"ics", "text/calendar"},
        {"vcf", "text/vcard"},
        {"md", "text/markdown"},
        {"xml", "application/xml"},
        {"json", "application/json"},
        {"pdf", "application/pdf"},
        {"zip", "application/zip"},
        {"gz", "application/gzip"},
        {"tgz", "application/gzip"},
        {"bz2", "application/x-bzip2"},
        {"xz", "application/x-xz"},
        {"7z", "application/x-7z-compressed"},
        {"tar", "application/x-tar"},
        {"rtf", "application/rtf"},
        {"doc", "application/msword"},
        {"xls", "application/vnd.ms-excel"},
        {"ppt", "application/vnd.ms-powerpoint"},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"odt", "application/vnd.oasis.opendocument.text"},
        {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
        {"odp", "application/vnd.oasis.opendocument.presentation"},
        {"eml", "message/rfc822"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"svg", "image/svg+xml"},
        {"bmp", "image/bmp"},
        {"tif", "image/tiff"},
        {"tiff", "image/tiff"},
        {"mp3", "audio/mpeg"},
        {"ogg", "audio/ogg"},
        {"wav", "audio/wav"},
        {"mp4", "video/mp4"},
        {"webm", "video/webm"},
        {"mov", "video/quicktime"},
    };
    for (const auto& [e, type] : kTypes)
        if (ext == e) return type;
    return "application/octet-stream";
}

ComposedMessage composeMessage(const model::OutgoingMessage& m, const ComposeSettings& settings) {
    const auto fromList = parseAddresses(m.from.empty() ? settings.from : m.from, true);
    if (fromList.size() != 1)
        throw Error(ErrorKind::Usage, "The sender needs exactly one address",
                    "set the account's From address (\"Name <address>\")");
    const Address& from = fromList.front();
    const auto to = parseAll(m.to);
    const auto cc = parseAll(m.cc);
    const auto bcc = parseAll(m.bcc);

    ComposedMessage out;
    out.envelopeFrom = from.address;
    for (const auto* list : {&to, &cc, &bcc}) {
        for (const auto& a : *list) {
            bool seen = false;
            for (const auto& r : out.recipients) seen = seen || lowerAscii(r) == lowerAscii(a.address);
            if (!seen) out.recipients.push_back(a.address);
        }
    }
    if (settings.requireRecipient && out.recipients.empty())
        throw Error(ErrorKind::Usage, "The message has no recipient");
    out.messageId = settings.messageId.empty() ? newMessageId(domainOf(from.address)) : settings.messageId;

    auto message = vmime::make_shared<vmime::message>();
    auto header = message->getHeader();
    header->From()->setValue(toMailbox(from));
    setAddressField(*header, vmime::fields::TO, to);
    setAddressField(*header, vmime::fields::CC, cc);
    if (settings.keepBcc) setAddressField(*header, vmime::fields::BCC, bcc);
    header->Subject()->setValue(vmime::text::newFromString(m.subject, vmime::charsets::UTF_8));
    const std::time_t date = settings.date ? static_cast<std::time_t>(settings.date) : std::time(nullptr);
    header->Date()->setValue(vmime::datetime(date, vmime::datetime::GMT));
    appendRawField(*header, "Message-ID", out.messageId);
    appendRawField(*header, "In-Reply-To", m.inReplyTo);
    appendRawField(*header, "References", m.references);
    appendRawField(*header, "MIME-Version", "1.0");
    appendRawField(*header, "User-Agent", settings.userAgent);

    if (m.attachments.empty()) {
        setTextBody(*message, m.body);
    } else {
        header->ContentType()->setValue(
            vmime::mediaType(vmime::mediaTypes::MULTIPART, vmime::mediaTypes::MULTIPART_MIXED));
        auto text = vmime::make_shared<vmime::bodyPart>();
        setTextBody(*text, m.body);
        message->getBody()->appendPart(text);
        for (const auto& a : m.attachments) message->getBody()->appendPart(attachmentPart(a));
    }
    vmime::utility::outputStreamStringAdapter stream(out.raw);
    message->generate(stream);
    return out;
}

}  // namespace petrel::mime
