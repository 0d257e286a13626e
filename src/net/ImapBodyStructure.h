#pragma once
#include <vector>

#include "model/PartInfo.h"
#include "net/ImapValue.h"

namespace petrel::net {

// The leaf parts of a FETCH BODYSTRUCTURE, with IMAP section numbers: a single-part message is
// "1"; children of a multipart are numbered from 1 and nested multiparts give "2.1" (no extra
// top level as in vmime's tree, DESIGN.md §4). message/rfc822 parts are leaves. Unknown shapes
// yield what could be read; never throws.
std::vector<model::PartInfo> partsFromBodyStructure(const ImapValue& bodyStructure);

}  // namespace petrel::net
