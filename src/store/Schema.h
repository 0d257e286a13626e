#pragma once

// The SQL of each migration step, kept apart from the ladder so the DDL reads as one piece.
namespace petrel::store::schema {

extern const char* const kVersion1;
extern const char* const kVersion2;
extern const char* const kVersion3;

}  // namespace petrel::store::schema
