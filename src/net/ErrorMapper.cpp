#include "net/ErrorMapper.h"

#include <vmime/exception.hpp>
#include <vmime/security/cert/certificateException.hpp>

#include "model/Error.h"
#include "net/InterruptState.h"
#include "net/SecretScrubber.h"
#include "net/TlsTrustError.h"

namespace petrel::net {

namespace {

// vmime chains causes ("Error while connecting socket." <- "Connection refused").
std::string chainText(const vmime::exception& e) {
    std::string text = e.what();
    for (const vmime::exception* o = e.other(); o; o = o->other()) {
        const std::string w = o->what();
        if (!w.empty()) text += ": " + w;
    }
    return text;
}

std::string timeoutText(std::chrono::milliseconds t) {
    if (t.count() <= 0) return {};
    if (t.count() % 1000 == 0) return " within " + std::to_string(t.count() / 1000) + " s";
    return " within " + std::to_string(t.count()) + " ms";
}

}  // namespace

void ErrorMapper::rethrow(std::exception_ptr error, const Context& ctx) {
    using model::ErrorKind;
    const std::string where = ctx.host + (ctx.port ? ":" + std::to_string(ctx.port) : std::string());
    auto clean = [&](const std::string& s) { return ctx.scrubber ? ctx.scrubber->scrub(s) : s; };
    const bool cancelled = ctx.interrupt && ctx.interrupt->cancelled;

    try {
        std::rethrow_exception(error);
    } catch (const model::Error&) {
        throw;
    } catch (const vmime::exceptions::authentication_error& e) {
        throw model::Error(ErrorKind::Auth, "The server " + ctx.host + " rejected the user name or password",
                           clean(e.response().empty() ? chainText(e) : e.response()));
    } catch (const vmime::security::cert::certificateException& e) {
        if (ctx.lastVerdict && !ctx.lastVerdict->trusted) throw TlsTrustError(*ctx.lastVerdict);
        throw model::Error(ErrorKind::Tls, "The TLS certificate of " + ctx.host + " was refused",
                           chainText(e));
    } catch (const vmime::exceptions::tls_exception& e) {
        throw model::Error(ErrorKind::Tls, "TLS with " + where + " failed", chainText(e));
    } catch (const vmime::exceptions::operation_timed_out& e) {
        if (cancelled) throw model::Error(ErrorKind::Cancelled, "Cancelled");
        throw model::Error(ErrorKind::Network,
                           "The server " + where + " did not answer" + timeoutText(ctx.timeout),
                           chainText(e));
    } catch (const vmime::exceptions::operation_cancelled&) {
        throw model::Error(ErrorKind::Cancelled, "Cancelled");
    } catch (const vmime::exceptions::connection_error& e) {
        if (cancelled) throw model::Error(ErrorKind::Cancelled, "Cancelled");
        throw model::Error(ErrorKind::Network, "Could not connect to " + where, chainText(e));
    } catch (const vmime::exceptions::socket_exception& e) {
        if (cancelled) throw model::Error(ErrorKind::Cancelled, "Cancelled");
        throw model::Error(ErrorKind::Network, "The connection to " + where + " was lost", chainText(e));
    } catch (const vmime::exceptions::connection_greeting_error& e) {
        throw model::Error(ErrorKind::Protocol, "The server " + where + " refused the connection",
                           clean(e.response()));
    } catch (const vmime::exceptions::command_error& e) {
        throw model::Error(ErrorKind::Protocol,
                           "The server " + ctx.host + " refused the command " + e.command(),
                           clean(e.response()));
    } catch (const vmime::exceptions::invalid_response& e) {
        throw model::Error(ErrorKind::Protocol,
                           // vmime leaves command() empty for the greeting and the login reply.
                           "The server " + ctx.host + " sent an unexpected reply" +
                               (e.command().empty() ? std::string(" (not a mail server of this kind?)")
                                                    : " to " + e.command()),
                           clean(e.response()));
    } catch (const vmime::exceptions::not_connected& e) {
        throw model::Error(ErrorKind::Network, "Not connected to " + where, chainText(e));
    } catch (const vmime::exception& e) {
        throw model::Error(ErrorKind::Protocol, "Mail protocol error with " + ctx.host, clean(chainText(e)));
    } catch (const std::exception& e) {
        throw model::Error(ErrorKind::Protocol, "Unexpected error talking to " + ctx.host, clean(e.what()));
    }
}

std::optional<model::Error> ErrorMapper::translate(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const vmime::exception&) {
        try {
            rethrow(error, Context{"the server", 0, nullptr, std::nullopt, nullptr, {}});
        } catch (const model::Error& e) {
            return e;
        }
    } catch (...) {
    }
    return std::nullopt;
}

}  // namespace petrel::net
