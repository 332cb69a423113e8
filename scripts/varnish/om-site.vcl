vcl 4.1;
# OM-Site's full-page cache (core/frontend_cache.py decides; this file enforces):
# - keeps only what the site marked "s-maxage" (Wagtail's pages for anonymous visitors), for as
#   long as it said and not a second longer (no grace); everything else goes to the app servers;
# - a request with a session or a flash message (a logged-in person, someone who just sent a form)
#   is never answered from the cache; other cookies are dropped before the lookup;
# - BAN drops every page whose path matches X-Ban-Path; it is accepted only on the listen address
#   named "purge" (varnishd -a 127.0.0.1:PORT,name=purge), which the app servers and workers use as
#   FRONTEND_CACHE_URL and which is never exposed (nginx talks to the other address);
# - what leaves the cache is "no-cache" for browsers and any cache further out, which nobody purges.
# Behind it Django sees X-Forwarded-For with one more address (Varnish appends nginx's): TRUSTED_PROXY_COUNT
# counts Varnish too. scripts/varnish.sh puts the app server's port into the backend below.

import std;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (local.socket != "purge") {
            return (synth(405, "Not allowed"));
        }
        if (!std.ban("obj.http.x-path ~ " + req.http.X-Ban-Path)) {
            return (synth(400, std.ban_error()));
        }
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Kept for the ban lurker, which tests objects without a request.
    set beresp.http.x-path = bereq.url;
    set beresp.grace = 0s;
    if (beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-path;
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = "no-cache";
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
