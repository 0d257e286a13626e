#pragma once
#include <string>
#include <string_view>

namespace petrel::mime {

// Removes every leading reply/forward marker, however many and in whatever language mailers
// wrote them: "Re:", "RE:", "Re[2]:", "Re: Re:", "Fwd:", "Fw:", "FWD:", "AW:", "WG:", "SV:",
// "VS:", "Antw:", "TR:", "Réf:"... and the whitespace after them.
std::string stripSubjectPrefixes(std::string_view subject);

// "Re: " / "Fwd: " plus the subject without any earlier markers: never "Re: Re:" or "Re: Fwd: Re:".
std::string replySubject(std::string_view subject);
std::string forwardSubject(std::string_view subject);

}  // namespace petrel::mime
