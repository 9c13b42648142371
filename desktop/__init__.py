"""镇村便民服务试点填报 — offline data entry for Sichuan's township/village service pilot."""

__version__ = "0.1.0"
APP_NAME = "镇村便民服务试点填报"
APP_ID = "zhencun-tianbao"
