vcl 4.1;
# OM-Site's full-page cache (core/frontend_cache.py decides; this file enforces):
# - keeps only what the site marked "s-maxage" (Wagtail's pages for anonymous visitors), for as
#   long as it said; everything else goes to the app servers every time;
# - a request with a session or a flash message (a logged-in person, someone who just sent a form)
#   is never answered from the cache; other cookies are dropped before the lookup;
# - BAN from the app servers (loopback) drops every page whose path matches X-Ban-Path.
# scripts/varnish.sh puts the app server's port into the backend below.

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-path ~ " + req.http.X-Ban-Path);
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
    if (beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
