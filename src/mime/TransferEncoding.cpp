#include "mime/TransferEncoding.h"

#include <cctype>
#include <exception>
#include <vmime/vmime.hpp>

namespace petrel::mime {

std::string decodeTransferEncoding(std::string_view encoded, std::string_view encoding) {
    std::string name;
    for (char c : encoding) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "base64" && name != "quoted-printable") return std::string(encoded);
    try {
        auto encoder = vmime::utility::encoder::encoderFactory::getInstance()->create(name);
        vmime::utility::inputStreamStringAdapter in{std::string(encoded)};
        std::string out;
        vmime::utility::outputStreamStringAdapter outStream(out);
        encoder->decode(in, outStream);
        outStream.flush();
        return out;
    } catch (const std::exception&) {
        return std::string(encoded);
    }
}

}  // namespace petrel::mime
