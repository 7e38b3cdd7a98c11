#include "AreaApi.h"

QString AreaApi::withQuery(const QString& path, const QUrlQuery& query) {
    const QString encoded = query.toString(QUrl::FullyEncoded);
    return encoded.isEmpty() ? path : path + QLatin1Char('?') + encoded;
}
