#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace petrel::mime {

// RFC 3676 format=flowed (DelSp=no) for the plain-text bodies Petrel sends.
//
// encodeFlowed: '\n'-separated text -> flowed lines ('\n' separated; the composer makes CRLF).
// Long lines get soft breaks (a trailing space) so no line exceeds `width` columns unless a
// single word is longer; trailing spaces of hard lines are removed (they would read as soft
// breaks), except the signature separator "-- "; lines starting with ' ' or "From " are
// space-stuffed; quoted lines (leading '>' marks) keep their depth on every wrapped piece.
std::string encodeFlowed(std::string_view text, std::size_t width = 78);

// decodeFlowed: the inverse, for reopening a draft: soft-broken lines of the same quote depth
// are joined, stuffing removed, quoted lines given back as ">... text".
std::string decodeFlowed(std::string_view flowed);

}  // namespace petrel::mime
