#pragma once
#include <string_view>

namespace petrel::cli {

// The documented contract of petrel-cli (also in README.md): scripts rely on this shape.
std::string_view helpText();

}  // namespace petrel::cli
