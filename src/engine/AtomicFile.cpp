#include "engine/AtomicFile.h"

#include <filesystem>
#include <fstream>

#include "model/Error.h"

namespace petrel::engine {

using model::Error;
using model::ErrorKind;

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    const std::string tmp = path + ".part";
    {
        std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
        if (!file) throw Error(ErrorKind::Storage, "Cannot write '" + path + "'");
        try {
            write(file);
            file.flush();
            if (!file) throw Error(ErrorKind::Storage, "Writing '" + path + "' failed (disk full?)");
        } catch (...) {
            file.close();
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            throw;
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error(ErrorKind::Storage, "Cannot write '" + path + "'");
    }
}

}  // namespace petrel::engine
