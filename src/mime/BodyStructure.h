#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/PartInfo.h"

namespace petrel::mime {

// A message's leaf parts as stored in MessageSummary::bodyStructure (a JSON array), so opening
// a message needs no round trip to learn its structure.
std::string serializeParts(const std::vector<model::PartInfo>& parts);
// Empty for empty or unreadable input.
std::vector<model::PartInfo> parseParts(const std::string& json);

// The part a reader shows: the first text/plain that is not an attachment, else the first such
// text/html.
std::optional<model::PartInfo> displayablePart(const std::vector<model::PartInfo>& parts);
bool hasAttachment(const std::vector<model::PartInfo>& parts);

// A MIME parameter from a list of (name, value) pairs as a server reports them, decoded:
// RFC 2231 (name*=charset''%XX, continuations name*0*, name*1, ...) first, then plain name with
// RFC 2047 encoded-words. Names compare case-insensitively. Empty when absent.
std::string mimeParameter(const std::vector<std::pair<std::string, std::string>>& params, const std::string& name);

}  // namespace petrel::mime
