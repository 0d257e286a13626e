#pragma once
#include <cstddef>
#include <span>

namespace petrel::ui {

// One SVG from icons/, compiled into the binary by cmake/EmbedSvg.cmake.
struct EmbeddedIcon {
    const char* name;  // file base name: "inbox" for icons/inbox.svg
    const unsigned char* data;
    std::size_t size;
};

// All embedded icons, sorted by name. Defined in the generated EmbeddedIcons.cpp.
std::span<const EmbeddedIcon> embeddedIcons();

}  // namespace petrel::ui
