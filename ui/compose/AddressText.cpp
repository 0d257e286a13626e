#include "compose/AddressText.h"

#include "mime/AddressList.h"

namespace petrel::ui {

std::vector<std::string> splitAddresses(const std::string& text) { return mime::splitAddressEntries(text); }

std::string joinAddresses(const std::vector<std::string>& addresses) {
    std::string out;
    for (const auto& address : addresses) {
        if (!out.empty()) out += ", ";
        out += address;
    }
    return out;
}

}  // namespace petrel::ui
